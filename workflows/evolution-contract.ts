// The evolution workflow's inputs and outputs: small JSON only (parameters and a few numbers per
// individual); candles, trades and equity stay in PostgreSQL.
import type { BacktestConfig } from '../core/backtest/config';
import type { Evaluation } from '../core/optimizer/evaluate';
import type { EvolutionRequestInput } from '../core/optimizer/evolution-request';
import type { FitnessSpec } from '../core/optimizer/fitness';
import type { GenerationStats, GeneticOptions } from '../core/optimizer/genetic';
import type { Genome } from '../core/optimizer/genome';
import type { LivePerformance } from '../core/optimizer/live-performance';
import type { PipelineEvaluation } from '../core/optimizer/pipeline-evaluation';
import type { BacktestDecisionMode } from '../core/pipeline/decision-mode';
import type { PromotionDecision, PromotionRule } from '../core/optimizer/promotion';
import type { TimeWindow, WalkForwardPlan } from '../core/optimizer/walk-forward';
import type { ParamSpec } from '../core/strategies/param-space';
import type { SeriesKey } from '../core/candles/series-key';

export type EvolutionWorkflowInput = EvolutionRequestInput;

export interface PrepareEvolutionInput {
  request: EvolutionWorkflowInput;
  workflowId: string;
  /** The EvolutionRun row id (the workflow's run id: stable across replays and retries). */
  runId: string;
  /** Workflow time at start: trailing windows end here. */
  now: number;
}

export interface PreparedEvolution {
  runId: string;
  strategy: string;
  strategyType: string;
  currentVersion: number;
  currentParams: Genome;
  space: ParamSpec[];
  genetic: GeneticOptions;
  plan: WalkForwardPlan;
  fitness: FitnessSpec;
  promotion: PromotionRule;
  backtest: BacktestConfig;
  series: SeriesKey;
  timeframeMs: number;
  batchSize: number;
  candidates: number;
  review: boolean;
  activate: boolean;
  /** What scores the candidates; absent in runs prepared before there was a choice (strategy-only). */
  decide?: BacktestDecisionMode;
  /** Set exactly when `decide` is a pipeline mode: every evaluation runs the pipeline backtest with it. */
  pipeline?: PipelineEvaluation;
}

export interface EvaluateBatchInput {
  strategyType: string;
  series: SeriesKey;
  timeframeMs: number;
  window: TimeWindow;
  purpose: 'train' | 'oos';
  individuals: Genome[];
  fitness: FitnessSpec;
  backtest: BacktestConfig;
  /** Score with the pipeline backtest instead of the engine; `backtest` is then unused (the venue model and the risk limits set fees and sizes). */
  pipeline?: PipelineEvaluation;
}

export interface FinishEvolutionInput {
  runId: string;
  strategy: string;
  strategyType: string;
  currentVersion: number;
  activate: boolean;
  decision: PromotionDecision;
  chosen: { params: Genome; trainFitness: number; oos: Evaluation[]; oosMean: number };
  current: { params: Genome; oos: Evaluation[]; oosMean: number };
  bestTrain: { params: Genome; fitness: number };
  evaluations: number;
  live: LivePerformance | null;
  /** The mode that scored the candidates; absent: strategy-only. */
  decide?: BacktestDecisionMode;
}

export interface EvolutionResult {
  runId: string;
  strategy: string;
  promoted: boolean;
  /** The saved version when promoted. */
  version: number | null;
  parentVersion: number;
  reason: string;
  bestParams: Genome;
  bestTrainFitness: number;
  candidateOosFitness: number;
  currentOosFitness: number;
  generations: number;
  evaluations: number;
  live: LivePerformance | null;
  /** The mode that scored the candidates; absent: strategy-only. */
  decide?: BacktestDecisionMode;
}

export interface EvolutionProgress {
  phase: 'preparing' | 'evolving' | 'validating' | 'saving' | 'done' | 'failed';
  generation: number;
  generations: number;
  bestFitness: number | null;
}

export type { GenerationStats };
