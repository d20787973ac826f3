// Scoring a candidate under the pipeline it will trade with: the pipeline backtest (every analyst,
// the session's decision mode, its risk limits, the venue's sizing) on the window, instead of the
// strategy alone on the engine. Small JSON, so it travels in the evaluation activity's input.
import { createDeterministicAgents } from '../agents/create-agents';
import type { CandleSeries } from '../candles/series';
import type { RiskLimits } from '../config/schema';
import type { MarketInfo } from '../exchange/types';
import type { DecisionMode } from '../pipeline/decision-mode';
import { runPipelineBacktest } from '../pipeline/run-pipeline-backtest';
import { resolveParams } from '../strategies/resolve-params';
import type { Strategy } from '../strategies/strategy';
import { evaluationOf, invalidEvaluation, type Evaluation } from './evaluate';
import type { FitnessSpec } from './fitness';
import type { Genome } from './genome';

export interface PipelineEvaluation {
  decide: DecisionMode;
  symbol: string;
  /** The venue model the orders are sized and filled against (core has no venue of its own). */
  market: MarketInfo;
  timeframe: string;
  higherTimeframe?: string;
  riskLimits: RiskLimits;
  initialCapital: number;
}

/** One pipeline backtest of one parameter set; unscoreable runs yield INVALID_FITNESS with the reason. */
export function evaluateOnPipeline(
  series: CandleSeries,
  strategy: Strategy<any>,
  params: Genome,
  setup: PipelineEvaluation,
  fitness: FitnessSpec,
): Evaluation {
  try {
    const r = runPipelineBacktest(series, {
      symbol: setup.symbol,
      market: setup.market,
      timeframe: setup.timeframe,
      ...(setup.higherTimeframe ? { higherTimeframe: setup.higherTimeframe } : {}),
      decide: setup.decide,
      strategy: strategy.create(resolveParams(strategy, params)),
      // Fresh analysts per run: no state of one candidate's run can leak into the next one's.
      agents: createDeterministicAgents(),
      riskLimits: setup.riskLimits,
      initialCapital: setup.initialCapital,
    });
    return evaluationOf(r.metrics, fitness);
  } catch (e) {
    return invalidEvaluation(e);
  }
}
