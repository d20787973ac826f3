import { UserError } from '../../infra/errors';

/**
 * Wraps a command action: a UserError (or any error) becomes one clear line on stderr and a
 * non-zero exit, never a stack trace. Set OPENTRADE_DEBUG=1 to see the stack.
 */
export function runAction<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      reportError(e);
    }
  };
}

export function reportError(e: unknown): never {
  const err = e as Error;
  if (e instanceof UserError) {
    process.stderr.write(`opentrade: ${e.message}${e.hint ? ` — ${e.hint}` : ''}\n`);
    if (process.env.OPENTRADE_DEBUG) process.stderr.write(`${err.stack}\n`);
    process.exit(e.exitCode);
  }
  process.stderr.write(`opentrade: ${err?.message ?? String(e)}\n`);
  if (process.env.OPENTRADE_DEBUG) process.stderr.write(`${err?.stack}\n`);
  process.exit(1);
}
