// What a chat completion means for the system: a schema-valid answer or an abstention naming why.
// One reader for both structured-output modes, because providers that claim `json_schema` still send
// refusals, truncations and (some local servers) answers that ignore the schema: the schema is
// checked here on every answer, and raw text and usage are kept for the audit trail and budgets.
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { ANSWER_SCHEMAS } from '../../../core/llm/answer-schemas';
import type { AnswerKind, LlmCallOutcome, LlmUsage } from '../../../core/llm/llm-call';
import { firstIssue } from '../../../core/llm/schema-issue';
import { extractJson } from './extract-json';

/** The outcome before the caller adds the latency it measured. */
export type Read = LlmCallOutcome extends infer O ? (O extends unknown ? Omit<O, 'latencyMs'> : never) : never;

export function usageOf(completion: ChatCompletion): LlmUsage {
  return {
    promptTokens: completion.usage?.prompt_tokens ?? 0,
    completionTokens: completion.usage?.completion_tokens ?? 0,
  };
}

export function readCompletion(completion: ChatCompletion, answer: AnswerKind, maxTokens: number): Read {
  const usage = usageOf(completion);
  const choice = completion.choices?.[0];
  if (!choice) return { ok: false, reason: 'the response has no choices', raw: null, usage, finishReason: null };
  const finishReason = choice.finish_reason ?? null;
  const content = choice.message?.content ?? null;
  const refusal = choice.message?.refusal;
  const abstain = (reason: string, raw = content): Read => ({ ok: false, reason, raw, usage, finishReason });
  if (refusal) return abstain(`the model refused: ${refusal}`, content ?? refusal);
  if (finishReason === 'length') return abstain(`the answer was cut off at the token limit (maxTokens ${maxTokens})`);
  if (finishReason === 'content_filter') return abstain("the provider's content filter stopped the answer");
  if (content === null || content.trim() === '') return abstain(`empty answer (finish reason ${finishReason})`);
  const json = extractJson(content);
  if (!json.ok) return abstain(json.reason);
  const parsed = ANSWER_SCHEMAS[answer].safeParse(json.value);
  if (!parsed.success) return abstain(`the answer violates the ${answer} schema: ${firstIssue(parsed.error)}`);
  return { ok: true, value: parsed.data, raw: content, usage, finishReason: finishReason ?? 'stop' };
}
