import type { ZodError } from 'zod';

/** One line per zod issue: `risk.max_leverage: Too small: expected number to be >=1`. */
export function formatConfigIssues(error: ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}
