// The one place an ExchangeError becomes a Temporal failure: type `ExchangeError.<kind>`, and
// non-retryable unless the venue said the error is transient (network, rate limit).
import { ApplicationFailure } from '@temporalio/activity';
import { ExchangeError } from '../core/exchange/types';

export function toActivityFailure(e: unknown): unknown {
  if (e instanceof ExchangeError) {
    return ApplicationFailure.create({
      type: `ExchangeError.${e.kind}`,
      message: `${e.exchange}: ${e.message}`,
      nonRetryable: !e.retryable,
    });
  }
  return e;
}

/** Runs an exchange call and rethrows its ExchangeError as the matching ApplicationFailure. */
export async function exchangeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toActivityFailure(e);
  }
}
