import fc from 'fast-check';
import type { Hlcv } from './naive-reference';

/** A seeded random walk with realistic candles (positive prices, open/close inside high..low). */
export function randomHlcv(n: number, seed: number, start = 100): Hlcv & { open: number[] } {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const c: Hlcv & { open: number[] } = { open: [], high: [], low: [], close: [], volume: [] };
  let price = start;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = Math.max(1, open * (1 + (rnd() - 0.5) * 0.04));
    const high = Math.max(open, close) * (1 + rnd() * 0.01);
    const low = Math.min(open, close) * (1 - rnd() * 0.01);
    c.open.push(open);
    c.high.push(high);
    c.low.push(low);
    c.close.push(close);
    c.volume.push(Math.round(rnd() * 1000) + 1);
    price = close;
  }
  return c;
}

export const seedArb = fc.integer({ min: 1, max: 2 ** 31 - 1 });
