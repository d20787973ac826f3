// Names for the gateway's types the dashboard uses. The REST ones are picked out of api-schema.d.ts,
// generated from the routes' zod schemas, so a changed route fails web's typecheck. Where the
// document only says "JSON" (a workflow query's answer, the recorded risk verdict) and for the
// WebSocket, which it does not cover, the types come from the code that produces the values, or
// follow the WebSocket section of api/CONTRACT.md where that code publishes untyped objects.
import type { RiskVerdict } from '../../core/risk/risk-types';
import type { GatewayEvent as PublishedEvent } from '../../core/events/gateway-event';
import type { EvolutionProgress } from '../../workflows/evolution-contract';
import type { SessionStatus, TradingCycleResult } from '../../workflows/trading-contract';
import type { components, operations } from './api-schema';

type Responses<Op extends keyof operations> = operations[Op]['responses'];
type Success<R> = R extends { 200: infer S }
  ? S
  : R extends { 201: infer S }
    ? S
    : R extends { 202: infer S }
      ? S
      : never;
type JsonOf<M> = M extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON an operation answers with when it succeeds. */
type Answer<Op extends keyof operations> = JsonOf<Success<Responses<Op>>>;
/** The JSON body an operation accepts. */
type Body<Op extends keyof operations> = JsonOf<NonNullable<operations[Op]['requestBody']>>;
/** T with its documented field K given the type of the code that fills it. */
type Known<T, K extends keyof T, V> = Omit<T, K> & { [P in K]: V };

export type ErrorBody = components['schemas']['Error'];
export type FieldIssue = NonNullable<ErrorBody['error']['issues']>[number];

export type HealthReport = Answer<'getHealth'>;
export type DependencyHealth = HealthReport['dependencies'][number];

export type SessionList = Answer<'getSessions'>;
export type Session = SessionList['items'][number];
export type SessionCreateBody = Body<'postSessions'>;
export type SessionDetail = Known<Answer<'getSessionsId'>, 'live', SessionStatus | null>;
export type SessionLock = SessionDetail['locks'][number];
export type DecisionMode = Session['decide'];
export type SignalAnswer = Answer<'postSessionsIdPause'>;

export type DecisionList = Known<Answer<'getDecisions'>, 'items', Decision[]>;
export type Decision = Known<Answer<'getDecisions'>['items'][number], 'riskVerdict', RiskVerdict | null>;
export type DecisionDetail = Known<Answer<'getDecisionsId'>['decision'], 'riskVerdict', RiskVerdict | null>;
export type DecisionAnswer = { decision: DecisionDetail };
export type PositionList = Answer<'getPositions'>;
export type Position = PositionList['items'][number];
export type EquityAnswer = Answer<'getEquity'>;
export type EquityPoint = EquityAnswer['points'][number];

export type BacktestList = Answer<'getBacktests'>;
export type Backtest = BacktestList['items'][number];
export type BacktestAnswer = Answer<'getBacktestsId'>;
export type BacktestCreateBody = Body<'postBacktests'>;
export type BacktestDecisionMode = Backtest['decide'];
export type BacktestProgressAnswer = Answer<'getBacktestsIdProgress'>;
export type BacktestResult = Answer<'getBacktestsIdResult'>;
export type BacktestTrade = BacktestResult['trades'][number];

export type LlmUsageAnswer = Answer<'getLlmUsage'>;
export type LlmUsage = LlmUsageAnswer['usage'];
export type LlmUsageTotals = LlmUsage['totals'];
export type LlmCallList = Answer<'getLlmCalls'>;
export type LlmCallSummary = LlmCallList['items'][number];
export type LlmCallAnswer = Answer<'getLlmCallsId'>;
export type LlmCallDetail = LlmCallAnswer['call'];

/**
 * `AgentSignal.data.llm` of a signal a model gave (the cycle's agent activities write it): which
 * call, on which model, for what. Absent on deterministic signals.
 */
export interface SignalLlm {
  callId: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  cached: boolean;
  latencyMs: number;
}

export type StrategyList = Answer<'getStrategies'>;
export type StrategySummary = StrategyList['items'][number];
export type StrategyDetail = Answer<'getStrategiesName'>;
export type StrategyVersion = StrategyDetail['versions'][number];
export type EvolutionRunList = Answer<'getEvolutionRuns'>;
export type EvolutionRun = EvolutionRunList['items'][number];
export type EvolutionStarted = Answer<'postEvolutionRuns'>;
export type EvolutionRunDetail = Known<Answer<'getEvolutionRunsId'>, 'progress', EvolutionProgress | null>;
export type EvolutionGeneration = EvolutionRunDetail['generations'][number];

export type IntelSeriesList = Answer<'getIntelSeries'>;
export type IntelSeries = IntelSeriesList['items'][number];
export type IntelObservations = Answer<'getIntelSeriesIdObservations'>;
export type IntelHeadlineList = Answer<'getIntelHeadlines'>;
export type IntelHeadline = IntelHeadlineList['items'][number];
export type IntelProviderList = Answer<'getIntelProviders'>;
export type IntelProviderStatus = IntelProviderList['items'][number];

/** One WebSocket message, with the payload a handler expects of its event type. */
export type GatewayEvent<T = unknown> = Omit<PublishedEvent, 'data'> & { data: T };

/** `decision`: the cycle's result, as the notify activity publishes it. */
export type DecisionEvent = TradingCycleResult & { sessionId: string };

export interface SessionEvent {
  sessionId: string;
  status: string;
  reason?: string;
}

export interface EquityEvent {
  sessionId: string;
  equity: number;
  time: number;
}

/** `backtest.progress`: while the engine runs, then once at the end (a failure carries no counts). */
export interface BacktestProgressEvent {
  runId: string;
  status: string;
  phase: string;
  done?: number;
  total?: number;
  pct?: number;
  error?: string;
}

/** `evolution.progress`: per generation while it runs, then once at the end (which names the strategy). */
export interface EvolutionProgressEvent {
  runId: string;
  status: string;
  strategy?: string;
  generation?: number;
  bestFitness?: number;
  meanFitness?: number;
}
