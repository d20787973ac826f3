// The activity context calls the backtest chunks make, safe outside a worker (plain unit calls have
// no activity context: there is nothing to heartbeat, cancel or resume from).
import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';

export function heartbeat(details?: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    /* not in an activity */
  }
}

export function throwIfCancelled(): void {
  let signal: AbortSignal | undefined;
  try {
    signal = Context.current().cancellationSignal;
  } catch {
    return;
  }
  if (signal.aborted) throw new CancelledFailure('backtest chunk cancelled');
}

export function lastHeartbeat(): unknown {
  try {
    return Context.current().info.heartbeatDetails;
  } catch {
    return undefined;
  }
}

/** The activity's cancellation, for the calls it makes; none outside an activity. */
export function activitySignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

export function activityAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}
