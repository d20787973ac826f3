import type { asUnavailable as AsUnavailable } from '../../infra/errors';
import { errorReport } from './error-report';

/**
 * Wraps a command action: any error becomes one clear line on stderr and a non-zero exit, never a
 * stack trace. Set OPENTRADE_DEBUG=1 to see the stack.
 */
export function runAction<A extends unknown[]>(
  fn: (...args: A) => Promise<void> | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      reportError(e);
    }
  };
}

// Loaded only for an error no command named: it pulls in Prisma and the Temporal client, which
// `opentrade config get` never needs.
const asUnavailable: typeof AsUnavailable = (e) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../../infra/errors') as { asUnavailable: typeof AsUnavailable }).asUnavailable(e);

export function reportError(e: unknown): never {
  const { exitCode, line } = errorReport(e, asUnavailable);
  process.stderr.write(`${line}\n`);
  if (process.env.OPENTRADE_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(exitCode);
}
