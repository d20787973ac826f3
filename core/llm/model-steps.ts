// The model's part of a cycle as steps over an `ask` that has the answer or not yet: the trading
// cycle's activities ask the model and go again, the pipeline backtest stops at the candle, gets the
// answers, and runs the candle again. One set of rules for both, so a backtest asks the same
// questions, reads the answers the same way and decides the same as the session would.
import { abstain, type AgentName, type AgentSignal } from '../agents/signal';
import type { MarketSnapshot } from '../agents/snapshot';
import type { Decision } from '../coordinator/decision';
import type { RiskVerdict } from '../risk/risk-types';
import { analystRequest, type SamplingSettings } from './analyst-prompt';
import { CoordinatorAnswerSchema, DebateAnswerSchema, RiskReviewAnswerSchema } from './answer-schemas';
import type { CoordinatorAnswer, RiskReviewAnswer } from './answer-schemas';
import { coordinatorRequest, debateRequest, type DebateTurn } from './coordinator-prompt';
import { lastPrice } from './grounded-facts';
import type { LlmCallOutcome, LlmCallRequest } from './llm-call';
import type { LlmTrace } from './llm-trace';
import { readAnalystAnswer } from './read-analyst-answer';
import { readAnswer, type ModelRead } from './read-answer';
import { riskReviewRequest } from './risk-review-prompt';
import type { AgentMode, LlmRole } from './roles';
import type { LlmConfig } from '../config/llm-config-schema';
import { modelFor } from './resolve-endpoint';

/** An answer, or the budget that was spent before it could be asked (`spent` says which). */
export type Answered = { outcome: LlmCallOutcome; trace: LlmTrace } | { spent: string };

export type Ask = (request: LlmCallRequest) => Answered | undefined;

export type Step<T> = { done: true; value: T } | { done: false; need: LlmCallRequest[] };

export interface StepSettings {
  sampling: (role: LlmRole) => SamplingSettings;
  priceBandPct: number;
  /** What a role does once the budget is spent. */
  onExhausted: 'deterministic' | 'abstain';
}

/** The steps' settings for a session's or backtest's resolved models under the config's `llm` section. */
export function stepSettings(
  models: Partial<Record<LlmRole, string>>,
  llm: Pick<LlmConfig, 'models' | 'roleModels' | 'temperature' | 'maxTokens' | 'priceBandPct' | 'budget'>,
): StepSettings {
  return {
    sampling: (role) => ({
      model: models[role] ?? modelFor(llm, role),
      temperature: llm.temperature,
      maxTokens: llm.maxTokens,
    }),
    priceBandPct: llm.priceBandPct,
    onExhausted: llm.budget.onExhausted,
  };
}

const need = <T>(requests: LlmCallRequest[]): Step<T> => ({ done: false, need: requests });
const done = <T>(value: T): Step<T> => ({ done: true, value });

/**
 * An analyst's signal. The rules' reading is always computed: hybrid shows it to the model, a spent
 * budget may fall back to it, and the strategy analyst's advice (what the strategy decision mode acts
 * on) is the strategy code's whoever reads it.
 */
export function analystStep(
  agent: AgentName,
  mode: Exclude<AgentMode, 'deterministic'>,
  snapshot: MarketSnapshot,
  reading: AgentSignal,
  s: StepSettings,
  ask: Ask,
): Step<AgentSignal> {
  const advice = agent === 'strategy' ? { advice: reading.data.advice, desired: reading.data.desired } : {};
  const request = analystRequest(agent, snapshot, s.sampling(agent), mode === 'hybrid' ? reading : undefined);
  const a = ask(request);
  if (!a) return need([request]);
  if ('spent' in a)
    return done(
      s.onExhausted === 'deterministic'
        ? { ...reading, data: { ...reading.data, budget: a.spent } }
        : abstain(agent, a.spent, advice),
    );
  return done(
    readAnalystAnswer(
      agent,
      a.outcome,
      { price: lastPrice(snapshot), priceBandPct: s.priceBandPct, trace: a.trace },
      {
        mode,
        ...advice,
      },
    ),
  );
}

/** Every analyst of the line-up at once: the requests of all that still need an answer, together. */
export function analystsStep(steps: Step<AgentSignal>[]): Step<AgentSignal[]> {
  const needs = steps.flatMap((x) => (x.done ? [] : x.need));
  return needs.length ? need(needs) : done(steps.map((x) => (x as { value: AgentSignal }).value));
}

export interface CoordinatorStepValue {
  read: ModelRead<CoordinatorAnswer>;
  /** Model calls in the order they were made (debate first): for the trace. */
  traces: { role: LlmRole; trace: LlmTrace; reasoning: string }[];
  debate: DebateTurn[];
  /** The budget was spent: the rules' decision stands (onExhausted deterministic) or the coordinator abstains. */
  spent?: string;
}

export function coordinatorStep(
  snapshot: MarketSnapshot,
  signals: AgentSignal[],
  ensemble: Decision,
  rounds: number,
  s: StepSettings,
  ask: Ask,
): Step<CoordinatorStepValue> {
  const turns: DebateTurn[] = [];
  const traces: CoordinatorStepValue['traces'] = [];
  for (let round = 1; round <= rounds; round++)
    for (const side of ['bull', 'bear'] as const) {
      const request = debateRequest(side, round, snapshot, signals, turns, s.sampling(side));
      const a = ask(request);
      if (!a) return need([request]);
      if ('spent' in a) return done({ read: { ok: false, reason: a.spent }, traces, debate: turns, spent: a.spent });
      const read = readAnswer(DebateAnswerSchema, a.outcome);
      traces.push({ role: side, trace: a.trace, reasoning: read.ok ? read.answer.argument : read.reason });
      // A voice that does not answer is left out: the coordinator decides on what was said.
      if (read.ok)
        turns.push({
          side,
          round,
          argument: read.answer.argument,
          conviction: read.answer.conviction,
          callId: a.trace.callId,
        });
    }
  const request = coordinatorRequest(snapshot, signals, ensemble, turns, s.sampling('coordinator'));
  const a = ask(request);
  if (!a) return need([request]);
  if ('spent' in a) return done({ read: { ok: false, reason: a.spent }, traces, debate: turns, spent: a.spent });
  const read = readAnswer(CoordinatorAnswerSchema, a.outcome);
  traces.push({ role: 'coordinator', trace: a.trace, reasoning: read.ok ? read.answer.reasoning : read.reason });
  return done({ read, traces, debate: turns });
}

export interface RiskStepValue {
  read: ModelRead<RiskReviewAnswer>;
  trace?: LlmTrace;
}

export function riskReviewStep(
  snapshot: MarketSnapshot,
  decision: Pick<Decision, 'action' | 'confidence' | 'reasons'>,
  verdict: RiskVerdict,
  s: StepSettings,
  ask: Ask,
): Step<RiskStepValue> {
  const request = riskReviewRequest(snapshot, decision, verdict, s.sampling('risk'));
  const a = ask(request);
  if (!a) return need([request]);
  // A spent budget is no review: the rules' verdict stands.
  if ('spent' in a) return done({ read: { ok: false, reason: a.spent } });
  return done({ read: readAnswer(RiskReviewAnswerSchema, a.outcome), trace: a.trace });
}
