// One model call as the rest of the system sees it, whatever serves it: the request (built by core
// from a point-in-time snapshot), the outcome (a schema-valid value or an abstention with its reason)
// and the port the LLM client implements. Plain data: requests are hashed for the cache, stored in
// the audit trail and, in backtests, queued in Redis between activities.
import type { LlmRole } from './roles';

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What the answer must be: a key of ANSWER_SCHEMAS (core/llm/answer-schemas). */
export type AnswerKind = 'analyst' | 'coordinator' | 'risk_review' | 'debate';

export interface LlmCallRequest {
  role: LlmRole;
  model: string;
  messages: LlmMessage[];
  answer: AnswerKind;
  temperature: number;
  maxTokens: number;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export const NO_USAGE: LlmUsage = { promptTokens: 0, completionTokens: 0 };

/**
 * `ok`: the answer parsed against its kind's schema (range checks against the snapshot come after,
 * in core). Not ok: a refusal, a `length` or content-filter finish, malformed JSON or a schema
 * violation: an abstention naming why, with whatever the model said. Transport failures (429, 5xx,
 * timeouts, 4xx) are thrown as LlmCallError instead, so the caller's retry policy decides.
 */
export type LlmCallOutcome =
  | { ok: true; value: unknown; raw: string; usage: LlmUsage; finishReason: string; latencyMs: number }
  | { ok: false; reason: string; raw: string | null; usage: LlmUsage; finishReason: string | null; latencyMs: number };

export interface LlmPort {
  complete(request: LlmCallRequest, options?: { signal?: AbortSignal }): Promise<LlmCallOutcome>;
}
