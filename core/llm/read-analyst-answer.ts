// From a model's outcome to an analyst's signal: the schema once more (whatever the provider claims
// to enforce), then the ranges only the snapshot knows. Anything off is an abstention naming why.
import { abstain, type AgentName, type AgentSignal } from '../agents/signal';
import { AnalystAnswerSchema } from './answer-schemas';
import type { LlmCallOutcome } from './llm-call';
import type { LlmTrace } from './llm-trace';
import { readAnswer } from './read-answer';

export interface AnswerContext {
  /** The snapshot's last close: cited prices are checked against it. */
  price: number;
  /** How far from it a cited price may be, in percent. */
  priceBandPct: number;
  trace: LlmTrace;
}

export function pricesOutsideBand(prices: readonly number[], price: number, bandPct: number): number[] {
  const lo = price * (1 - bandPct / 100);
  const hi = price * (1 + bandPct / 100);
  return prices.filter((p) => !(p >= lo && p <= hi));
}

export function readAnalystAnswer(
  agent: AgentName,
  outcome: LlmCallOutcome,
  ctx: AnswerContext,
  extra: Record<string, unknown> = {},
): AgentSignal {
  const data = { ...extra, llm: ctx.trace };
  const read = readAnswer(AnalystAnswerSchema, outcome);
  if (!read.ok) return abstain(agent, `model answer rejected: ${read.reason}`, data);
  const a = read.answer;
  const off = pricesOutsideBand(a.keyLevels, ctx.price, ctx.priceBandPct);
  if (off.length)
    return abstain(
      agent,
      `model cited price ${off[0]} outside ±${ctx.priceBandPct}% of the last close ${ctx.price}`,
      data,
    );
  return {
    agent,
    direction: a.direction,
    confidence: a.confidence,
    reasoning: a.reasoning,
    data: { ...data, keyLevels: a.keyLevels },
  };
}
