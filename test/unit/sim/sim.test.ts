import { validateCandle } from '../../../core/candles';
import {
  aggregateCandles,
  closedCandleCount,
  generateRandomWalk,
  partialCandle,
  priceWithinCandle,
  simTimeAt,
  syntheticBook,
} from '../../../core/sim';

const MIN = 60_000;
const opts = { seed: 42, startTime: Date.UTC(2026, 0, 1), timeframeMs: MIN, count: 5000, startPrice: 50_000 };

describe('generated series', () => {
  it('is reproducible from its seed and differs for another seed', () => {
    const a = generateRandomWalk(opts);
    const b = generateRandomWalk(opts);
    const c = generateRandomWalk({ ...opts, seed: 43 });
    expect(Array.from(a.close)).toEqual(Array.from(b.close));
    expect(a.close[4999]).not.toBe(c.close[4999]);
  });

  it('every candle is valid and candles are contiguous', () => {
    const s = generateRandomWalk(opts);
    for (let i = 0; i < s.length; i++) {
      validateCandle(
        { time: s.time[i], open: s.open[i], high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i] },
        i ? s.time[i - 1] : undefined,
        `candle ${i}`,
      );
      if (i) expect(s.open[i]).toBe(s.close[i - 1]);
    }
    expect(s.time[1] - s.time[0]).toBe(MIN);
  });

  it('has regimes: volatility differs between stretches of the series', () => {
    const s = generateRandomWalk({ ...opts, count: 20_000 });
    const windowVol: number[] = [];
    for (let w = 0; w + 500 <= s.length; w += 500) {
      let sq = 0;
      for (let i = w + 1; i < w + 500; i++) sq += Math.log(s.close[i] / s.close[i - 1]) ** 2;
      windowVol.push(Math.sqrt(sq / 499));
    }
    expect(Math.max(...windowVol) / Math.min(...windowVol)).toBeGreaterThan(2);
  });
});

describe('sim clock', () => {
  const clock = { wallStart: 1_000_000, simStart: Date.UTC(2026, 0, 1), speed: 60 };

  it('advances speed × wall time and is the same for any process reading it', () => {
    expect(simTimeAt(clock, 1_000_000)).toBe(clock.simStart);
    expect(simTimeAt(clock, 1_001_000)).toBe(clock.simStart + MIN); // one 1m candle per second
    expect(simTimeAt(clock, 999_000)).toBe(clock.simStart); // never before its start
    expect(simTimeAt({ ...clock, simEnd: clock.simStart + 10 * MIN }, 2_000_000)).toBe(clock.simStart + 10 * MIN);
  });

  it('counts only candles whose close has passed', () => {
    expect(closedCandleCount(0, MIN, MIN - 1)).toBe(0);
    expect(closedCandleCount(0, MIN, MIN)).toBe(1);
  });
});

describe('forming candle', () => {
  const c = { time: 0, open: 100, high: 110, low: 95, close: 105, volume: 60 };
  it('starts at the open, ends at the close, and stays inside the range', () => {
    expect(priceWithinCandle(c, 0)).toBe(100);
    expect(priceWithinCandle(c, 1)).toBe(105);
    for (let f = 0; f <= 1; f += 0.05) {
      const p = priceWithinCandle(c, f);
      expect(p).toBeGreaterThanOrEqual(95);
      expect(p).toBeLessThanOrEqual(110);
    }
  });
  it('does not reveal the later extreme before it happens', () => {
    const early = partialCandle(c, 0.2); // before the low (nearer extreme) is reached
    expect(early.low).toBeGreaterThan(95);
    expect(early.high).toBeLessThan(110);
    expect(early.volume).toBeCloseTo(12);
  });
});

describe('aggregation and book', () => {
  it('aggregates only complete buckets aligned to the target timeframe', () => {
    const s = generateRandomWalk({ ...opts, startTime: opts.startTime + 3 * MIN, count: 11 });
    const five = aggregateCandles(s, MIN, 5 * MIN);
    expect(five.length).toBe(1); // minutes 3-4 are a partial bucket, 5-9 complete, 10-13 partial
    expect(five.time[0]).toBe(opts.startTime + 5 * MIN);
    expect(five.open[0]).toBe(s.open[2]);
    expect(five.close[0]).toBe(s.close[6]);
    expect(five.high[0]).toBe(Math.max(...Array.from(s.high.subarray(2, 7))));
  });
  it('a synthetic book has bids below asks, best first', () => {
    const b = syntheticBook(100, 5, 2, 0.01, 1);
    expect(b.bids[0][0]).toBeLessThan(b.asks[0][0]);
    expect(b.bids[1][0]).toBeLessThan(b.bids[0][0]);
    expect(b.asks[1][0]).toBeGreaterThan(b.asks[0][0]);
  });
});
