// The one retry decision for exchange calls: activities turn a non-retryable error into a
// non-retryable Temporal failure, and in-process loops (pagination, order look-up) use the same rule.
import { ExchangeError } from './types';

export function isRetryable(error: unknown): boolean {
  return error instanceof ExchangeError && error.retryable;
}
