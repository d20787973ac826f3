import { ApplicationFailure } from '@temporalio/common';

/** Bad input to a durable backtest: not retryable, and its message names what was wrong. */
export function backtestInputError(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'BacktestInputError', message, nonRetryable: true });
}
