import { TemporalFailure } from '@temporalio/workflow';

/**
 * A readable reason: the innermost message of a Temporal failure chain (ActivityFailure →
 * ApplicationFailure / TimeoutFailure); our own errors keep their message, which already says it all.
 */
export function failureMessage(e: unknown): string {
  if (!(e instanceof TemporalFailure)) return e instanceof Error ? e.message : String(e);
  let cur: Error | undefined = e;
  let msg = e.message;
  while (cur instanceof TemporalFailure && cur.cause) {
    cur = cur.cause;
    if (cur.message) msg = cur.message;
  }
  return msg;
}
