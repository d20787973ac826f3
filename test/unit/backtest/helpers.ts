import { backtestConfig, type BacktestConfig } from '../../../core/backtest/config';
import { initialEngineState } from '../../../core/backtest/engine-state';
import { runEngine } from '../../../core/backtest/engine';
import { candleSeriesFromCandles, type CandleSeries } from '../../../core/candles/series';
import { allocateAdvice, type AdviceBuffer } from '../../../core/strategies/advice';

export const H = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);

/** Candles from [open, high, low, close] rows, hourly from T0. */
export function candles(rows: [number, number, number, number][]): CandleSeries {
  return candleSeriesFromCandles(
    rows.map(([open, high, low, close], i) => ({ time: T0 + i * H, open, high, low, close, volume: 1 })),
  );
}

/** Advice from a sparse map index → code (and optional overrides). */
export function advice(
  n: number,
  codes: Record<number, number>,
  overrides?: Record<number, { sl?: number; tp?: number }>,
): AdviceBuffer {
  const a = allocateAdvice(n, overrides !== undefined);
  for (const [i, c] of Object.entries(codes)) a.action[Number(i)] = c;
  for (const [i, o] of Object.entries(overrides ?? {})) {
    if (o.sl !== undefined) a.stopLossPct![Number(i)] = o.sl;
    if (o.tp !== undefined) a.takeProfitPct![Number(i)] = o.tp;
  }
  return a;
}

export function run(series: CandleSeries, adv: AdviceBuffer, config: Partial<BacktestConfig>) {
  const c = backtestConfig(config);
  return runEngine(series, adv, c, initialEngineState(c.initialCapital));
}
