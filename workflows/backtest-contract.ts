// Inputs, outputs and progress of the durable backtest: shared by the workflow, its activities and
// the CLI. Plain JSON only: candles, advice, trades and equity live in PostgreSQL (infra/services/backtests),
// never in workflow history.
import type { BacktestConfig } from '../core/backtest/config';
import type { EngineState } from '../core/backtest/engine-state';
import type { BacktestLlmSettings } from '../core/llm/cycle-llm-settings';
import type { RiskLimits } from '../core/config/schema';
import type { BacktestDecisionMode, DecisionMode } from '../core/pipeline/decision-mode';
import type { ProtectionsConfig } from '../core/protections/types';

/** Where the candles are: uploaded with the run (`--data`), or a Candle table range read by the worker. */
export type BacktestSource =
  | { kind: 'stored'; label: string }
  | {
      kind: 'candles';
      exchange: string;
      symbol: string;
      timeframe: string;
      fromMs: number | null;
      toMs: number | null;
    };

/** What the whole pipeline needs beyond the strategy and the candles (`decide` strategy | ensemble). */
export interface PipelineRunSettings {
  /** The sim venue's pair whose model (amount step, minimums, fees, quote) the run trades on. */
  symbol: string;
  protections?: ProtectionsConfig;
  trailingStopPct?: number;
  riskLimits: RiskLimits;
  /** Agents that think with a model (their answers cached and recorded); absent: every agent on its rules. */
  llm?: BacktestLlmSettings;
}

export interface BacktestWorkflowInput {
  runId: string;
  /**
   * strategy-only: the strategy alone on the chunked engine; strategy / ensemble: the whole agent
   * pipeline per candle in chunks over its saved state. Runs started before the field existed lack
   * it and are strategy-only.
   */
  decide?: BacktestDecisionMode;
  /** Required when `decide` is strategy or ensemble. */
  pipeline?: PipelineRunSettings;
  /** A built-in id, or an absolute path to a strategy file the worker can read. */
  strategy: string;
  params: Record<string, unknown>;
  config: BacktestConfig;
  source: BacktestSource;
  /** Annualisation; null: inferred from the candles (as `--local` does). */
  timeframeMs: number | null;
  /** Candles per chunk activity (default: a quarter-million-candle year in ~4 chunks). */
  chunkCandles?: number;
  /** Candles between checkpoints inside a chunk: a retried chunk resumes from its last one. */
  checkpointCandles?: number;
}

export type BacktestPhase = 'preparing' | 'running' | 'finalizing' | 'completed' | 'failed' | 'cancelled';

export interface BacktestProgress {
  runId: string;
  phase: BacktestPhase;
  /** Candles the engine has run through. */
  done: number;
  /** 0 until prepare has loaded the candles. */
  total: number;
  chunk: number;
  chunks: number;
  error?: string;
}

export interface PreparedBacktest {
  candles: number;
  /** What metrics annualise with, fixed once so every chunk and the final report agree. */
  timeframeMs: number;
  /** Pipeline runs: the timeframe's name (the analysts' snapshot is keyed by it). */
  timeframe?: string;
}

/**
 * One pipeline chunk: candles [from, to). The state it resumes from is not in workflow history (it
 * holds every closed trade): the activity reads it from the checkpoint stored at `from`.
 */
export interface PipelineChunkInput {
  runId: string;
  decide: DecisionMode;
  strategy: string;
  params: Record<string, unknown>;
  initialCapital: number;
  timeframe: string;
  settings: PipelineRunSettings;
  from: number;
  to: number;
  checkpointCandles: number;
}

export interface PipelineChunkResult {
  /** The candle the next chunk starts at. */
  next: number;
  trades: number;
}

export interface PipelineFinalizeInput {
  runId: string;
  decide: DecisionMode;
  initialCapital: number;
  timeframe: string;
  symbol: string;
}

export interface BacktestChunkInput {
  runId: string;
  config: BacktestConfig;
  state: EngineState;
  to: number;
  checkpointCandles: number;
}

export interface BacktestChunkResult {
  state: EngineState;
  trades: number;
}

export interface BacktestOutcome {
  runId: string;
  candles: number;
  trades: number;
  finalEquity: number;
}

export const DEFAULT_CHUNK_CANDLES = 150_000;
export const DEFAULT_CHECKPOINT_CANDLES = 50_000;

export const backtestWorkflowId = (runId: string) => `backtest-${runId}`;
