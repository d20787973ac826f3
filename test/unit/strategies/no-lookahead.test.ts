import fc from 'fast-check';
import { candleSeriesFromCandles, type CandleSeries } from '../../../core/candles/series';
import { adviseAll } from '../../../core/strategies/advise-at';
import { builtInStrategies } from '../../../core/strategies/registry';
import { randomHlcv } from '../indicators/random-candles';

// The no-lookahead harness: run every strategy twice, the second time with every candle after t
// replaced by unrelated noise. Advice (and any stop/take override) up to t must not change.

function series(seed: number, n: number, start: number): CandleSeries {
  const c = randomHlcv(n, seed, start);
  return candleSeriesFromCandles(
    c.close.map((close, i) => ({
      time: i * 60_000,
      open: c.open[i],
      high: c.high[i],
      low: c.low[i],
      close,
      volume: c.volume[i],
    })),
  );
}

function withNoiseAfter(s: CandleSeries, t: number, seed: number): CandleSeries {
  const noise = series(seed, s.length, 50 + (seed % 500));
  const out = series(1, s.length, 100);
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    (out[k] as Float64Array).set(s[k]);
    if (k !== 'time') (out[k] as Float64Array).set(noise[k].subarray(t + 1), t + 1);
  }
  return out;
}

const variants = builtInStrategies.flatMap((s) => [
  { label: `${s.id} (defaults)`, strategy: s, params: s.defaults },
  { label: `${s.id} (shorts allowed)`, strategy: s, params: { ...s.defaults, allowShort: true } },
]);

describe.each(variants)('no lookahead: $label', ({ strategy, params }) => {
  it('decisions up to t are identical when everything after t is noise', () => {
    const instance = strategy.create(params);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 0, max: 299 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (seed, t, noiseSeed) => {
          const real = series(seed, 300, 100);
          const fake = withNoiseAfter(real, t, noiseSeed);
          const a = adviseAll(instance, real);
          const b = adviseAll(instance, fake);
          expect(Array.from(b.action.subarray(0, t + 1))).toEqual(Array.from(a.action.subarray(0, t + 1)));
          if (a.stopLossPct)
            expect(Array.from(b.stopLossPct!.subarray(0, t + 1))).toEqual(Array.from(a.stopLossPct.subarray(0, t + 1)));
          if (a.takeProfitPct)
            expect(Array.from(b.takeProfitPct!.subarray(0, t + 1))).toEqual(
              Array.from(a.takeProfitPct.subarray(0, t + 1)),
            );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('produces some entries on a 300-candle random walk (the harness is not vacuous)', () => {
    const a = adviseAll(strategy.create(params), series(123, 300, 100));
    expect(a.action.some((x) => x !== 0)).toBe(true);
  });
});

describe('the harness catches a strategy that peeks', () => {
  it('a strategy reading close[i+1] is detected', () => {
    const peeking = {
      warmup: 1,
      overrides: false,
      advise(s: CandleSeries, out: { action: Int8Array }) {
        for (let i = 0; i < s.length - 1; i++) out.action[i] = s.close[i + 1] > s.close[i] ? 1 : 3;
      },
    };
    const real = series(5, 100, 100);
    const fake = withNoiseAfter(real, 50, 99);
    const a = adviseAll(peeking, real);
    const b = adviseAll(peeking, fake);
    expect(Array.from(b.action.subarray(0, 51))).not.toEqual(Array.from(a.action.subarray(0, 51)));
  });
});
