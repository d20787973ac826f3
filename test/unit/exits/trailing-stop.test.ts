import fc from 'fast-check';
import { ValidationError } from '../../../core/errors';
import { assertTrailingDistance, MAX_TRAILING_STOP_PCT, trailingStopLevel } from '../../../core/exits/trailing-stop';

const price = fc.double({ min: 1, max: 1e6, noNaN: true });
const pct = fc.double({ min: 0.01, max: MAX_TRAILING_STOP_PCT, noNaN: true });

describe('trailingStopLevel', () => {
  it('trails the extreme by the distance and never loosens', () => {
    expect(trailingStopLevel('long', 90, 120, 10)).toBeCloseTo(108, 12);
    expect(trailingStopLevel('long', 108, 119, 10)).toBe(108);
    expect(trailingStopLevel('short', 105, 90, 4)).toBeCloseTo(93.6, 12);
    expect(trailingStopLevel('short', 93.6, 95, 4)).toBe(93.6);
  });

  it('starts from the extreme alone when there is no level yet', () => {
    expect(trailingStopLevel('long', NaN, 100, 5)).toBeCloseTo(95, 12);
    expect(trailingStopLevel('short', NaN, 100, 5)).toBeCloseTo(105, 12);
  });

  it('on any path, a long level is the running max and a short level the running min', () => {
    fc.assert(
      fc.property(fc.array(price, { minLength: 1, maxLength: 40 }), pct, (path, d) => {
        let long = NaN;
        let short = NaN;
        for (const p of path) {
          const nextLong = trailingStopLevel('long', long, p, d);
          const nextShort = trailingStopLevel('short', short, p, d);
          if (long === long) expect(nextLong).toBeGreaterThanOrEqual(long);
          if (short === short) expect(nextShort).toBeLessThanOrEqual(short);
          long = nextLong;
          short = nextShort;
        }
        expect(long).toBe(Math.max(...path) * (1 - d / 100));
        expect(short).toBe(Math.min(...path) * (1 + d / 100));
      }),
    );
  });
});

describe('assertTrailingDistance', () => {
  it('accepts (0, 50] and names the field and the range otherwise', () => {
    expect(() => assertTrailingDistance(0.1)).not.toThrow();
    expect(() => assertTrailingDistance(MAX_TRAILING_STOP_PCT)).not.toThrow();
    for (const bad of [0, -1, 50.01, NaN, Infinity]) {
      let err: unknown;
      try {
        assertTrailingDistance(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).field).toBe('trailingStopPct');
      expect((err as Error).message).toMatch(/trailingStopPct must be a percentage > 0 and <= 50/);
    }
    expect(() => assertTrailingDistance(undefined as unknown as number)).toThrow(/got undefined/);
  });
});
