// Inputs, outputs and state of the trading workflows: the one contract shared by workflows,
// activities, api and cli. Plain JSON only (it travels through Temporal history): no typed arrays,
// no class instances, no secrets.
import type { RiskLimits } from '../core/config/schema';
import type { BudgetExhausted } from '../core/llm/budget';
import type { CycleLlmSettings } from '../core/llm/cycle-llm-settings';
import type { DecisionMode } from '../core/pipeline/decision-mode';
import type { ExecutionLimits } from '../core/pipeline/post-trade-check';
import type { ProtectionLock, ProtectionsConfig } from '../core/protections/types';

export type TradingMode = 'paper' | 'live';

export interface StrategyRef {
  name: string;
  /** Omitted: the latest active version (or the built-in defaults). */
  version?: number;
  params: Record<string, unknown>;
}

export interface TradingSessionInput {
  sessionId: string;
  mode: TradingMode;
  /** A configured exchange id (`exchanges[].id`) or `sim`. */
  exchange: string;
  symbols: string[];
  timeframe: string;
  strategy: StrategyRef;
  riskLimits: RiskLimits;
  /** Who decides trades (default `strategy`: the strategy's advice, reviewed by the analysts). */
  decide?: DecisionMode;
  /** Protections (all off unless configured); validated where the session is started. */
  protections?: ProtectionsConfig;
  /** A trailing stop this many percent behind the best price since entry; none when absent. */
  trailingStopPct?: number;
  /** Which agents think with a model, and how (resolved from the config when started); absent: all rules. */
  llm?: CycleLlmSettings;
  /** Stop after this many cycles per symbol (demos, tests); unlimited when absent. */
  maxCycles?: number;
  /** Carried across continue-as-new; absent on the first run. */
  state?: SessionState;
  /** Continue-as-new after this many candle rounds even when Temporal does not suggest it (default 500). */
  roundsPerRun?: number;
  /** Reconcile with the venue every this many candle rounds, besides at every run's start (default 20). */
  reconcileEvery?: number;
}

export interface DecisionSummary {
  cycleId: string;
  symbol: string;
  candleCloseMs: number;
  action: 'BUY' | 'SELL' | 'HOLD';
  verdict: 'approve' | 'resize' | 'veto' | 'none';
  reasons: string[];
  order?: OrderSummary;
}

export interface OrderSummary {
  clientOrderId: string;
  side: 'buy' | 'sell';
  quantity: number;
  filled: number;
  average?: number;
  status: string;
}

/** Everything the session keeps between cycles, in one object (continue-as-new carries it). */
export interface SessionState {
  cyclesRun: number;
  /** Per symbol: the last candle close a cycle ran for (a restart never re-runs it). */
  lastCandleCloseMs: Record<string, number>;
  status: 'running' | 'paused' | 'stopping' | 'stopped' | 'killed';
  pauseReason?: string;
  /** UTC day start (ms) the daily PnL is measured from, and the equity then. */
  dayStartMs: number;
  dayStartEquity: number;
  realizedPnlToday: number;
  killSwitchTripped: boolean;
  lastDecision?: DecisionSummary;
  lastReconciledAt?: number;
  /** Cycles run per symbol (maxCycles counts per symbol). */
  cyclesBySymbol?: Record<string, number>;
  /** A stop or kill asked for and not yet carried out: kept in state so continue-as-new cannot drop it. */
  stopRequest?: { kind: 'stop' | 'kill'; reason?: string };
  /** Flattens done so far: each flatten's order ids differ from the previous one's. */
  flattens?: number;
  /** Force exits asked for and not yet carried out, oldest first: a symbol of the session or `all`. */
  forceExits?: { symbol: string; reason?: string }[];
  /** Protection locks in force after the last round (each announced once, when it started). */
  locks?: ProtectionLock[];
  /** Per symbol: the side a reversal closed into, for the symbol's next cycle only. */
  pendingEntries?: Record<string, 'long' | 'short'>;
  /** The LLM budget the last cycle found spent (its agents fell back as the config says); absent: budget left. */
  llmBudget?: BudgetExhausted & { sinceMs: number };
}

export interface PositionView {
  symbol: string;
  side: 'long' | 'short';
  quantity: number;
  entryPrice: number;
  markPrice?: number;
  unrealizedPnl: number;
  stopLoss?: number;
  takeProfit?: number;
}

export interface SessionStatus {
  sessionId: string;
  mode: TradingMode;
  exchange: string;
  symbols: string[];
  timeframe: string;
  strategy: string;
  state: SessionState;
  positions: PositionView[];
  equity?: number;
  pnlToday: number;
}

export interface TradingCycleInput {
  sessionId: string;
  mode: TradingMode;
  exchange: string;
  symbol: string;
  timeframe: string;
  strategy: StrategyRef;
  riskLimits: RiskLimits;
  decide?: DecisionMode;
  protections?: ProtectionsConfig;
  trailingStopPct?: number;
  /** Strategy mode: the previous cycle closed a position to reverse into this side. */
  pendingEntry?: 'long' | 'short';
  llm?: CycleLlmSettings;
  candleCloseMs: number;
  dayStartEquity: number;
  realizedPnlToday: number;
  /** Session paused: exits only. */
  exitsOnly: boolean;
  /** Ensemble weights and thresholds over the defaults (core/coordinator); absent: the defaults. */
  coordinator?: CycleCoordinatorOverrides;
  /** Post-trade check limits; absent: DEFAULT_EXECUTION_LIMITS. */
  execution?: Partial<ExecutionLimits>;
}

export interface CycleCoordinatorOverrides {
  weights?: Partial<Record<'market' | 'strategy' | 'onchain' | 'sentiment' | 'macro', number>>;
  buyThreshold?: number;
  sellThreshold?: number;
  minConfidence?: number;
  maxDisagreement?: number;
  review?: { vetoScore?: number; resizeFactor?: number };
}

export { DEFAULT_EXECUTION_LIMITS, type ExecutionLimits } from '../core/pipeline/post-trade-check';

export interface TradingCycleResult extends DecisionSummary {
  killSwitch: boolean;
  /** Protection locks in force at this cycle's decision. */
  locks?: ProtectionLock[];
  /** This cycle closed a position to reverse: the next cycle of the symbol enters this side if still wanted. */
  reversalTo?: 'long' | 'short';
  /** A model call found the LLM budget spent: the agents fell back as configured. */
  llmBudget?: BudgetExhausted;
  /** Compensations ran (SL/TP failed, post-trade veto, recording failed): what the cycle opened was undone. */
  compensated: boolean;
  realizedPnl: number;
}

/** Workflow ids: deterministic, so a retried start never runs a cycle twice. */
export const sessionWorkflowId = (sessionId: string) => `session-${sessionId}`;
export const cycleWorkflowId = (sessionId: string, candleCloseMs: number, symbol: string) =>
  `cycle-${sessionId}-${candleCloseMs}-${symbol.replace(/[^A-Za-z0-9]/g, '')}`;

/** A cycle's one-line title for the Temporal UI list (`staticSummary` when starting it). */
export const cycleStaticSummary = (
  i: Pick<TradingCycleInput, 'symbol' | 'timeframe' | 'candleCloseMs' | 'mode' | 'exchange' | 'strategy'>,
) =>
  `${i.symbol} ${i.timeframe} candle closing ${new Date(i.candleCloseMs).toISOString()} · ${i.mode} on ${i.exchange} · ${i.strategy.name}`;
