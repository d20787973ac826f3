import type { CandleSeries } from './series';

export const YEAR_MS = 365 * 86_400_000;

// One parser for timeframe strings, shared with the exchange layer.
export { timeframeToMs } from '../exchange/timeframe';

/**
 * The candle spacing of a series: the median gap, so a few missing candles do not change it.
 * Returns NaN for fewer than two candles.
 */
export function inferTimeframeMs(series: CandleSeries): number {
  const n = series.length;
  if (n < 2) return NaN;
  const step = Math.max(1, Math.floor((n - 1) / 1001));
  const gaps: number[] = [];
  for (let i = 1; i < n; i += step) gaps.push(series.time[i] - series.time[i - 1]);
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1];
}

/** Candles per year for a 24/7 market: the factor that annualises per-candle statistics. */
export function periodsPerYear(timeframeMs: number): number {
  return YEAR_MS / timeframeMs;
}
