import type { z } from 'zod';

/** The first few schema violations with their paths: an abstention's reason names what was wrong. */
export function firstIssue(error: z.ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
