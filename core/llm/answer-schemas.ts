// What each role must answer, as zod schemas: sent to providers with `json_schema` structured output
// (every field required, as strict mode wants) and checked on every answer, whatever the provider
// claims. Ranges beyond the shape (prices near the snapshot's) are checked in read-answer.ts.
import { z } from 'zod';
import type { AnswerKind } from './llm-call';

export const AnalystAnswerSchema = z
  .object({
    direction: z.number().min(-1).max(1).describe('-1 strongly bearish .. 1 strongly bullish'),
    confidence: z.number().min(0).max(1).describe('0 no opinion .. 1 certain'),
    reasoning: z.string().min(1).max(2000).describe('why, citing only the numbers given'),
    keyLevels: z.array(z.number()).max(10).describe('prices that matter, from the data given; may be empty'),
  })
  .strict();

export const CoordinatorAnswerSchema = z
  .object({
    action: z.enum(['BUY', 'SELL', 'HOLD']),
    confidence: z.number().min(0).max(1),
    reasoning: z.string().min(1).max(2000),
  })
  .strict();

export const RiskReviewAnswerSchema = z
  .object({
    verdict: z.enum(['approve', 'shrink', 'veto']),
    sizeFactor: z.number().min(0).max(1).describe('share of the approved size to keep: 1 for approve, 0 for veto'),
    reasoning: z.string().min(1).max(2000),
  })
  .strict();

export const DebateAnswerSchema = z
  .object({
    argument: z.string().min(1).max(2000),
    conviction: z.number().min(0).max(1),
  })
  .strict();

export const ANSWER_SCHEMAS = {
  analyst: AnalystAnswerSchema,
  coordinator: CoordinatorAnswerSchema,
  risk_review: RiskReviewAnswerSchema,
  debate: DebateAnswerSchema,
} as const satisfies Record<AnswerKind, z.ZodType>;

export type AnalystAnswer = z.infer<typeof AnalystAnswerSchema>;
export type CoordinatorAnswer = z.infer<typeof CoordinatorAnswerSchema>;
export type RiskReviewAnswer = z.infer<typeof RiskReviewAnswerSchema>;
export type DebateAnswer = z.infer<typeof DebateAnswerSchema>;
