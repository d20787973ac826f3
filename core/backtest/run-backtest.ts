import { inferTimeframeMs } from '../candles/timeframe';
import type { CandleSeries } from '../candles/series';
import { computeMetrics, type BacktestMetrics } from '../metrics/metrics';
import type { AdviceBuffer } from '../strategies/advice';
import { adviseAll } from '../strategies/advise-at';
import type { StrategyInstance } from '../strategies/strategy';
import { InsufficientDataError } from './backtest-errors';
import type { BacktestConfig } from './config';
import { initialEngineState, type EngineState } from './engine-state';
import { runEngine } from './engine';
import type { Trade } from './trade';
import { float64ArrayToOverwrite } from './uninitialized-array';

export interface BacktestResult {
  metrics: BacktestMetrics;
  trades: Trade[];
  equity: Float64Array;
  state: EngineState;
}

export interface RunOptions {
  /** Candle spacing for annualisation; inferred from the data when absent. */
  timeframeMs?: number;
  /** Run in chunks of this many candles (resuming the engine state), calling onProgress after each. */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** A label for the too-short-data error. */
  strategyLabel?: string;
}

/** A strategy needs its warm-up plus one candle to signal on and one to fill on. */
export function minimumCandles(instance: StrategyInstance): number {
  return instance.warmup + 2;
}

export function runBacktestWithAdvice(series: CandleSeries, advice: AdviceBuffer, config: BacktestConfig, opts: RunOptions = {}): BacktestResult {
  const n = series.length;
  const chunk = opts.chunkSize && opts.chunkSize > 0 ? opts.chunkSize : n;
  let state = initialEngineState(config.initialCapital);
  // The engine marks every candle of the run, so the curve needs no zero fill.
  const equity = float64ArrayToOverwrite(n);
  let trades: Trade[] = [];
  do {
    const to = Math.min(n, state.next + chunk);
    const seg = runEngine(series, advice, config, state, to, equity);
    if (trades.length === 0) trades = seg.trades;
    else for (const t of seg.trades) trades.push(t);
    state = seg.state;
    opts.onProgress?.(state.next, n);
  } while (state.next < n);
  return finish(series, config, opts, equity, trades, state);
}


function finish(series: CandleSeries, config: BacktestConfig, opts: RunOptions, equity: Float64Array, trades: Trade[], state: EngineState): BacktestResult {
  const timeframeMs = opts.timeframeMs ?? inferTimeframeMs(series);
  const metrics = computeMetrics({
    equity,
    time: series.time,
    trades,
    initialCapital: config.initialCapital,
    timeframeMs: Number.isFinite(timeframeMs) && timeframeMs > 0 ? timeframeMs : 86_400_000,
    feesPaid: state.feesPaid,
    fundingPaid: state.fundingPaid,
    exposedCandles: state.exposedCandles,
    returnStats: state.returns,
  });
  return { metrics, trades, equity, state };
}

/** Strategy advice over the whole series, then the engine, then metrics. */
export function runBacktest(series: CandleSeries, instance: StrategyInstance, config: BacktestConfig, opts: RunOptions = {}): BacktestResult {
  const need = minimumCandles(instance);
  if (series.length < need) throw new InsufficientDataError(need, series.length, `strategy ${opts.strategyLabel ?? ''}`.trim());
  return runBacktestWithAdvice(series, adviseAll(instance, series), config, opts);
}
