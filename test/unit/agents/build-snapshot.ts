// Deterministic candle series and snapshots for agent tests (no randomness: each test can be read).
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import type { MarketSnapshot } from '../../../core/agents/snapshot';

export const HOUR = 3_600_000;
/** Decision time used by most tests: a candle close, mid-2026 (outside any macro window). */
export const T = Date.UTC(2026, 5, 2, 0, 0, 0);

/**
 * `count` candles of `tfMs` whose last one closes exactly at `closeTime`. Candle i closes at
 * `closeAt(hoursBeforeClose)`; open = previous close; high/low extend `range` (fraction) beyond the body.
 */
export function buildSeries(
  count: number,
  tfMs: number,
  closeTime: number,
  closeAt: (hoursBeforeEnd: number, i: number) => number,
  range: (i: number) => number = () => 0.002,
): CandleSeries {
  const s = allocateCandleSeries(count);
  const firstOpen = closeTime - count * tfMs;
  for (let i = 0; i < count; i++) {
    const open = firstOpen + i * tfMs;
    const hoursBeforeEnd = (closeTime - (open + tfMs)) / HOUR;
    const c = closeAt(hoursBeforeEnd, i);
    const o = i === 0 ? c : s.close[i - 1];
    s.time[i] = open;
    s.open[i] = o;
    s.close[i] = c;
    s.high[i] = Math.max(o, c) * (1 + range(i));
    s.low[i] = Math.min(o, c) * (1 - range(i));
    s.volume[i] = 10;
  }
  return s;
}

export function snapshot(overrides: Partial<MarketSnapshot> = {}): MarketSnapshot {
  return {
    exchange: 'sim',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    time: T,
    candles: {},
    account: { equity: 10_000, cash: 10_000 },
    ...overrides,
  };
}

/** Exponential trend with a small wave, `rate` per hour (negative for a downtrend). */
export const trending = (rate: number) => (h: number) => 100 * Math.exp(-rate * h) * (1 + 0.004 * Math.sin(h * 0.9));
