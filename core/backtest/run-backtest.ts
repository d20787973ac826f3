import { inferTimeframeMs } from '../candles/timeframe';
import type { CandleSeries } from '../candles/series';
import { computeMetrics, type BacktestMetrics } from '../metrics/metrics';
import type { AdviceBuffer } from '../strategies/advice';
import { adviseAll, adviseInto } from '../strategies/advise-at';
import type { StrategyInstance } from '../strategies/strategy';
import { InsufficientDataError } from './backtest-errors';
import type { BacktestConfig } from './config';
import { initialEngineState, type EngineState } from './engine-state';
import { runEngineInto } from './engine';
import type { Trade } from './trade';
import { BacktestWorkspace } from './workspace';

export interface BacktestResult {
  metrics: BacktestMetrics;
  /** Made from the engine's trade columns on first read (a run that needs only metrics never makes them). */
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
  /**
   * Buffers to reuse (advice, equity, trades) for callers running many backtests in a row; the
   * result is then valid only until the workspace's next run (see BacktestWorkspace). Without one,
   * each run has buffers of its own and its result stays valid.
   */
  workspace?: BacktestWorkspace;
}

/** A strategy needs its warm-up plus one candle to signal on and one to fill on. */
export function minimumCandles(instance: StrategyInstance): number {
  return instance.warmup + 2;
}

export function runBacktestWithAdvice(
  series: CandleSeries,
  advice: AdviceBuffer,
  config: BacktestConfig,
  opts: RunOptions = {},
): BacktestResult {
  const n = series.length;
  const chunk = opts.chunkSize && opts.chunkSize > 0 ? opts.chunkSize : n;
  const ws = opts.workspace ?? new BacktestWorkspace();
  const run = ws.begin();
  let state = initialEngineState(config.initialCapital);
  // The engine marks every candle of the run, so the curve needs no zero fill.
  const equity = ws.equity(n);
  do {
    const to = Math.min(n, state.next + chunk);
    state = runEngineInto(series, advice, config, state, to, equity, ws.trades).state;
    opts.onProgress?.(state.next, n);
  } while (state.next < n);
  return finish(series, config, opts, equity, ws, run, state);
}

function finish(
  series: CandleSeries,
  config: BacktestConfig,
  opts: RunOptions,
  equity: Float64Array,
  ws: BacktestWorkspace,
  run: number,
  state: EngineState,
): BacktestResult {
  const timeframeMs = opts.timeframeMs ?? inferTimeframeMs(series);
  const time = series.time;
  const metrics = computeMetrics({
    equity,
    time,
    tradeStats: ws.trades.stats(time),
    initialCapital: config.initialCapital,
    timeframeMs: Number.isFinite(timeframeMs) && timeframeMs > 0 ? timeframeMs : 86_400_000,
    feesPaid: state.feesPaid,
    fundingPaid: state.fundingPaid,
    exposedCandles: state.exposedCandles,
    returnStats: state.returns,
  });
  let trades: Trade[] | undefined;
  return {
    metrics,
    equity,
    state,
    get trades(): Trade[] {
      if (trades === undefined) {
        ws.assertCurrent(run, 'the trades');
        trades = ws.trades.toTrades(time);
      }
      return trades;
    },
    set trades(v: Trade[]) {
      trades = v;
    },
  };
}

/** Strategy advice over the whole series, then the engine, then metrics. */
export function runBacktest(
  series: CandleSeries,
  instance: StrategyInstance,
  config: BacktestConfig,
  opts: RunOptions = {},
): BacktestResult {
  const need = minimumCandles(instance);
  if (series.length < need)
    throw new InsufficientDataError(need, series.length, `strategy ${opts.strategyLabel ?? ''}`.trim());
  const advice = opts.workspace
    ? adviseInto(instance, series, opts.workspace.advice(series.length, instance.overrides))
    : adviseAll(instance, series);
  return runBacktestWithAdvice(series, advice, config, opts);
}
