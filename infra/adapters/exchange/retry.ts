// Bounded retry for in-process exchange loops (pagination, look-ups). Activities do not use this for
// their own retries (Temporal does); they use isRetryable to mark a failure non-retryable.
import { isRetryable } from '../../../core/exchange/retryable';

export { isRetryable };

export interface RetryOptions {
  attempts?: number; // total tries, including the first
  baseDelayMs?: number;
  maxDelayMs?: number;
  shouldRetry?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number) => void;
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 3;
  const shouldRetry = opts.shouldRetry ?? isRetryable;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !shouldRetry(error)) throw error;
      opts.onRetry?.(error, attempt);
      const delay = Math.min(opts.maxDelayMs ?? 2_000, (opts.baseDelayMs ?? 200) * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
