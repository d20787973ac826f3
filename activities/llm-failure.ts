// The one mapping of an LLM client error to a Temporal failure: 429, 5xx, timeouts and dropped
// connections retry on the activity's policy (a 429 after the delay its Retry-After asks for);
// 400/401/403/404 fail the call at once. Either way the cycle's workflow turns a call that failed for
// good into an abstention.
import { ApplicationFailure } from '@temporalio/activity';
import { LlmCallError } from '../infra/adapters/llm/llm-call-error';

export const LLM_REJECTED = 'LlmRejected';

export function llmFailure(e: unknown): unknown {
  if (!(e instanceof LlmCallError)) return e;
  const type = `LlmCallError.${e.kind}`;
  if (!e.retryable) return ApplicationFailure.create({ message: e.message, type: LLM_REJECTED, nonRetryable: true });
  return ApplicationFailure.create({
    message: e.message,
    type,
    ...(e.retryAfterMs !== undefined ? { nextRetryDelay: e.retryAfterMs } : {}),
  });
}
