// MarketSnapshot <-> JSON for Redis: typed arrays travel as plain arrays.
import { allocateCandleSeries, type CandleSeries } from '../core/candles';
import type { MarketSnapshot } from '../core/agents';

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

export function encodeSnapshot(s: MarketSnapshot): string {
  const candles: Record<string, Record<string, number[]>> = {};
  for (const [tf, series] of Object.entries(s.candles)) {
    candles[tf] = Object.fromEntries(FIELDS.map((f) => [f, Array.from(series[f])]));
  }
  return JSON.stringify({ ...s, candles });
}

export function decodeSnapshot(text: string): MarketSnapshot {
  const raw = JSON.parse(text) as Omit<MarketSnapshot, 'candles'> & {
    candles: Record<string, Record<string, number[]>>;
  };
  const candles: Record<string, CandleSeries> = {};
  for (const [tf, cols] of Object.entries(raw.candles)) {
    const series = allocateCandleSeries(cols.time.length);
    for (const f of FIELDS) series[f].set(cols[f]);
    candles[tf] = series;
  }
  return { ...raw, candles };
}
