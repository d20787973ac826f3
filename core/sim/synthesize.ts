// What a live venue would show while a candle is forming, derived only from that candle and how
// far into it the clock is: the price walks open → nearer extreme → farther extreme → close, so
// the ticker never shows the close before the candle's end.
import type { Candle } from '../candles';

export function priceWithinCandle(c: Candle, progress: number): number {
  const f = Math.min(1, Math.max(0, progress));
  const downFirst = c.open - c.low < c.high - c.open;
  const path = downFirst ? [c.open, c.low, c.high, c.close] : [c.open, c.high, c.low, c.close];
  const leg = Math.min(2, Math.floor(f * 3));
  const within = f * 3 - leg;
  return path[leg] + (path[leg + 1] - path[leg]) * within;
}

/** High, low and volume seen so far in the forming candle. */
export function partialCandle(c: Candle, progress: number): Candle {
  const f = Math.min(1, Math.max(0, progress));
  const last = priceWithinCandle(c, f);
  const downFirst = c.open - c.low < c.high - c.open;
  const firstExtreme = downFirst ? c.low : c.high;
  const reachedFirst = f >= 1 / 3;
  const reachedSecond = f >= 2 / 3;
  const seen = [c.open, last, ...(reachedFirst ? [firstExtreme] : []), ...(reachedSecond ? [c.high, c.low] : [])];
  return {
    time: c.time,
    open: c.open,
    high: Math.max(...seen),
    low: Math.min(...seen),
    close: last,
    volume: c.volume * f,
  };
}

export interface SyntheticBook {
  bids: [number, number][];
  asks: [number, number][];
}

/** A book around `price`: half-spread of `spreadBps`, sizes growing away from the touch. */
export function syntheticBook(
  price: number,
  levels: number,
  spreadBps: number,
  tick: number,
  depthUnit: number,
): SyntheticBook {
  const half = Math.max(tick, (price * spreadBps) / 20_000);
  const bids: [number, number][] = [];
  const asks: [number, number][] = [];
  for (let i = 0; i < levels; i++) {
    const size = depthUnit * (1 + i * 0.5);
    bids.push([roundTick(price - half - i * tick, tick), size]);
    asks.push([roundTick(price + half + i * tick, tick), size]);
  }
  return { bids, asks };
}

function roundTick(p: number, tick: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(tick)));
  return Number((Math.round(p / tick) * tick).toFixed(decimals));
}

/** Funding per 8h interval from the recent trend (premium), clamped like venues clamp it. */
export function syntheticFundingRate(closes: ArrayLike<number>): number {
  if (closes.length < 2) return 0.0001;
  const first = closes[0];
  const last = closes[closes.length - 1];
  const premium = (last - first) / first;
  return Math.max(-0.0075, Math.min(0.0075, 0.0001 + premium * 0.05));
}

const FUNDING_INTERVAL_MS = 8 * 3_600_000;

/** The sim venue's funding rate once `closed` base candles have closed: from the last interval's trend. */
export function simFundingRate(close: Float64Array, closed: number, baseMs: number): number {
  const window = Math.round(FUNDING_INTERVAL_MS / baseMs);
  return syntheticFundingRate(close.subarray(Math.max(0, closed - window), closed));
}
