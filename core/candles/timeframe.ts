import type { CandleSeries } from './series';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000 };
export const YEAR_MS = 365 * 86_400_000;

/** Milliseconds of a ccxt-style timeframe ('1m', '15m', '4h', '1d', '1w', '1M' = 30 days). */
export function timeframeToMs(timeframe: string): number {
  const m = /^(\d+)([smhdwM])$/.exec(timeframe.trim());
  if (!m || Number(m[1]) <= 0) throw new Error(`timeframe "${timeframe}" is not like 1m, 15m, 1h, 4h, 1d, 1w`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

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
