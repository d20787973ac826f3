// The LLM routes' shapes. Every answer is parsed through these before it is sent, and each object
// lists its fields: a column added to llm_calls later reaches no client until it is named here, so
// nothing the rows might ever hold beyond the audit trail (a key, a header) can leak by default.
import { z } from 'zod';
import { parseSince, SINCE_FORMS } from '../../core/llm/usage-since';
import { isoTime } from './common';

const id = z.string().min(1).max(200);
const count = z.number().int();
// Output fields carry no ranges: a recorded value outside one would turn a read into a 500.
const tokens = z.number();
const usd = z.number().describe('US dollars; cache hits and local models cost 0');

export const LlmUsageQuery = z
  .object({
    sessionId: id.optional(),
    since: z
      .string()
      .max(40)
      .optional()
      .describe(`only calls since then: ${SINCE_FORMS}`)
      .transform((text, ctx) => {
        if (text === undefined) return undefined;
        const ms = parseSince(text, Date.now());
        if (ms === undefined) ctx.addIssue({ code: 'custom', message: `must be ${SINCE_FORMS}` });
        return ms;
      }),
  })
  .strict();

export const LlmUsageTotals = z.object({
  calls: count,
  cacheHits: count,
  abstentions: count,
  errors: count,
  promptTokens: tokens,
  completionTokens: tokens,
  costUsd: usd,
});

export const LlmUsage = z.object({
  sessionId: z.string().nullable(),
  sinceMs: z.number().nullable(),
  untilMs: z.number().nullable(),
  totals: LlmUsageTotals,
  byRole: z.array(LlmUsageTotals.extend({ role: z.string() })).describe('most expensive first'),
  byModel: z.array(LlmUsageTotals.extend({ model: z.string() })).describe('most expensive first'),
});

export const LlmCallsQuery = z.object({ cycleId: id }).strict();

export const LlmCallSummary = z.object({
  id: z.string(),
  cycleId: z.string().nullable().describe('the tradingCycle workflow id, which is the decision id'),
  sessionId: z.string().nullable(),
  backtestRunId: z.string().nullable(),
  role: z.string().describe('market, strategy, onchain, sentiment, macro, coordinator, risk, bull or bear'),
  model: z.string(),
  promptTokens: tokens,
  completionTokens: tokens,
  costUsd: usd,
  latencyMs: z.number(),
  cacheHit: z.boolean(),
  abstainReason: z.string().nullable().describe('why the answer was not used; null when it was'),
  error: z.string().nullable().describe('a transport failure that outlived its retries'),
  attempt: z.number().int(),
  reasoningFirstLine: z.string().nullable(),
  createdAt: isoTime,
});

export const LlmMessage = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

export const LlmCallDetail = LlmCallSummary.extend({
  promptHash: z.string().describe('the cache key of the request'),
  messages: z.array(LlmMessage).describe('exactly what the model was sent'),
  rawAnswer: z.string().nullable().describe('exactly what the model answered'),
  parsed: z.unknown().describe('the schema-valid answer; null for an abstention or an error'),
});
