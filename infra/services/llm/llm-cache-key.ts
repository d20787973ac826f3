// The cache key of a model call: a hash of everything that shapes the answer (the endpoint, model,
// messages, the answer's JSON schema, sampling): the same model name on another server is another model. The same request on a replayed cycle or a rerun backtest hits the
// same entry; any change to the prompt, the schema or the sampling misses it.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ANSWER_SCHEMAS } from '../../../core/llm/answer-schemas';
import type { AnswerKind, LlmCallRequest } from '../../../core/llm/llm-call';

const schemaText = new Map<AnswerKind, string>();
function answerSchemaText(kind: AnswerKind): string {
  let text = schemaText.get(kind);
  if (text === undefined) schemaText.set(kind, (text = JSON.stringify(z.toJSONSchema(ANSWER_SCHEMAS[kind]))));
  return text;
}

export function llmCacheKey(r: LlmCallRequest, endpoint = ''): string {
  const canonical = JSON.stringify([
    endpoint,
    r.model,
    r.messages.map((m) => [m.role, m.content]),
    r.answer,
    answerSchemaText(r.answer),
    r.temperature,
    r.maxTokens,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
