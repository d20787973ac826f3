// A model's outcome read against its schema once more, whatever the provider claims to enforce: the
// answer, or the reason it is an abstention.
import type { z } from 'zod';
import type { LlmCallOutcome } from './llm-call';
import { firstIssue } from './schema-issue';

export type ModelRead<T> = { ok: true; answer: T } | { ok: false; reason: string };

export function readAnswer<S extends z.ZodType>(schema: S, outcome: LlmCallOutcome): ModelRead<z.infer<S>> {
  if (!outcome.ok) return { ok: false, reason: outcome.reason };
  const parsed = schema.safeParse(outcome.value);
  return parsed.success ? { ok: true, answer: parsed.data } : { ok: false, reason: firstIssue(parsed.error) };
}
