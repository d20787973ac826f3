import type { BacktestConfig } from '../backtest/config';
import { firstIndexAtOrAfter } from '../candles/time-index';
import { runBacktest } from '../backtest/run-backtest';
import type { BacktestWorkspace } from '../backtest/workspace';
import { candleSeriesSlice, type CandleSeries } from '../candles/series';
import { resolveParams } from '../strategies/resolve-params';
import type { Strategy } from '../strategies/strategy';
import { computeFitness, INVALID_FITNESS, type FitnessInput, type FitnessSpec } from './fitness';
import type { Genome } from './genome';
import type { TimeWindow } from './walk-forward';

/** What one backtest of one individual reports back: a few numbers, never trades or equity. */
export interface Evaluation {
  fitness: number;
  valid: boolean;
  sharpe: number;
  maxDrawdownPct: number;
  totalReturnPct: number;
  trades: number;
  /** Why the individual could not be scored (invalid parameters, too little data). */
  error?: string;
}

/** The candles whose open time lies in [from, to), as views (no copy). */
export function sliceSeries(series: CandleSeries, w: TimeWindow): CandleSeries {
  const a = firstIndexAtOrAfter(series.time, w.from);
  const b = firstIndexAtOrAfter(series.time, w.to);
  return candleSeriesSlice(series, a, b);
}

/** The numbers an evaluation keeps from a run's metrics, scored by `fitness`. */
export function evaluationOf(m: FitnessInput, fitness: FitnessSpec): Evaluation {
  const f = computeFitness(m, fitness);
  return {
    fitness: f,
    valid: f > INVALID_FITNESS,
    sharpe: m.sharpe,
    maxDrawdownPct: m.maxDrawdownPct,
    totalReturnPct: m.totalReturnPct,
    trades: m.trades,
  };
}

/** An individual that could not be scored, with the reason. */
export function invalidEvaluation(e: unknown): Evaluation {
  return {
    fitness: INVALID_FITNESS,
    valid: false,
    sharpe: 0,
    maxDrawdownPct: 0,
    totalReturnPct: 0,
    trades: 0,
    error: e instanceof Error ? e.message : String(e),
  };
}

/**
 * One backtest of one parameter set; anything that makes it unscoreable yields INVALID_FITNESS with
 * the reason. Only numbers are kept from the run, so a caller evaluating many individuals in a row
 * passes one `workspace` for all of them (no per-run buffers for the GC).
 */
export function evaluateIndividual(
  series: CandleSeries,
  strategy: Strategy<any>,
  params: Genome,
  config: BacktestConfig,
  fitness: FitnessSpec,
  timeframeMs?: number,
  workspace?: BacktestWorkspace,
): Evaluation {
  try {
    const resolved = resolveParams(strategy, params);
    const r = runBacktest(series, strategy.create(resolved), config, {
      timeframeMs,
      strategyLabel: strategy.id,
      workspace,
    });
    return evaluationOf(r.metrics, fitness);
  } catch (e) {
    return invalidEvaluation(e);
  }
}
