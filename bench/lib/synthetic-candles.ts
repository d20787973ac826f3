import { allocateCandleSeries, type CandleSeries } from '../../core/candles/series';
import { xorshiftRng } from '../../core/sim/rng';

/** A deterministic random walk of 1-minute candles (xorshift), realistic enough to trigger trades, stops and takes. */
export function syntheticCandles(n: number, seed = 42): CandleSeries {
  const s = allocateCandleSeries(n);
  const rnd = xorshiftRng(seed);
  let price = 30_000;
  const t0 = Date.UTC(2020, 0, 1);
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open * (1 + (rnd() - 0.5) * 0.004);
    s.time[i] = t0 + i * 60_000;
    s.open[i] = open;
    s.close[i] = close;
    s.high[i] = Math.max(open, close) * (1 + rnd() * 0.001);
    s.low[i] = Math.min(open, close) * (1 - rnd() * 0.001);
    s.volume[i] = 1 + rnd() * 10;
    price = close;
  }
  return s;
}
