import fc from 'fast-check';
import { indicatorCases } from './indicator-cases';
import { randomHlcv, seedArb } from './random-candles';

const TOL = 1e-9;

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= TOL * Math.max(1, Math.abs(b));
}

function typed(c: ReturnType<typeof randomHlcv>) {
  return {
    high: Float64Array.from(c.high),
    low: Float64Array.from(c.low),
    close: Float64Array.from(c.close),
    volume: Float64Array.from(c.volume),
  };
}

describe.each(indicatorCases)('indicator contract: $name', (tc) => {
  it('streaming equals batch, NaN and not ready before the lookback, ready and finite from it', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 0, max: 120 }), (seed, n) => {
        const c = randomHlcv(n, seed);
        const batch = tc.batch(typed(c));
        const s = tc.stream();
        for (let i = 0; i < n; i++) {
          s.feed({ high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] });
          const outs = s.outputs();
          expect(s.ind.isReady).toBe(i >= tc.lookback);
          outs.forEach((v, k) => {
            if (i < tc.lookback) expect(v).toBeNaN();
            else expect(Number.isFinite(v)).toBe(true);
            expect(close(v, batch[k][i])).toBe(true);
          });
        }
        batch.forEach((b) => expect(b.length).toBe(n));
      }),
      { numRuns: 40 },
    );
  });

  it('matches the naive from-scratch reference to 1e-9', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const c = randomHlcv(90, seed, 20000);
        const batch = tc.batch(typed(c));
        const expected = tc.reference(c);
        expected.forEach((series, k) =>
          series.forEach((v, i) => {
            if (!close(batch[k][i], v))
              throw new Error(`${tc.name} output ${k} at ${i}: ${batch[k][i]} vs reference ${v}`);
          }),
        );
      }),
      { numRuns: 15 },
    );
  });

  it('reset() starts over as a fresh indicator', () => {
    const c = randomHlcv(60, 7);
    const s = tc.stream();
    const feedAll = () => {
      const out: number[][] = [];
      for (let i = 0; i < 60; i++) {
        s.feed({ high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] });
        out.push(s.outputs());
      }
      return out;
    };
    const first = feedAll();
    s.ind.reset();
    expect(s.ind.isReady).toBe(false);
    expect(s.ind.value).toBeNaN();
    expect(feedAll()).toEqual(first);
  });
});
