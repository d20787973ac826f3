import fc from 'fast-check';
import { allocateCandleSeries } from '../../../core/candles';
import { extremeSince, initialTrailingStop, nextSessionStop } from '../../../core/exits/session-trailing-stop';
import { trailingStopLevel } from '../../../core/exits/trailing-stop';

describe('initialTrailingStop', () => {
  it('takes the trail from the fill when it is tighter than the risk stop', () => {
    expect(initialTrailingStop('long', 100, 95, 2)).toEqual({
      level: trailingStopLevel('long', NaN, 100, 2),
      trailing: true,
    });
    expect(initialTrailingStop('short', 100, 105, 2)).toEqual({
      level: trailingStopLevel('short', NaN, 100, 2),
      trailing: true,
    });
  });

  it('keeps the risk stop when it is tighter, or equal, and says the exit there is the stop-loss', () => {
    expect(initialTrailingStop('long', 100, 99, 2)).toEqual({ level: 99, trailing: false });
    expect(initialTrailingStop('short', 100, 101, 2)).toEqual({ level: 101, trailing: false });
    expect(initialTrailingStop('long', 100, 98, 2)).toEqual({ level: 98, trailing: false });
  });

  it('trails alone when risk set no stop', () => {
    expect(initialTrailingStop('long', 200, null, 5)).toEqual({ level: 190, trailing: true });
  });

  it('is always the tighter of the two', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        (fill, fixedPct, d) => {
          const long = initialTrailingStop('long', fill, fill * (1 - fixedPct / 100), d).level;
          expect(long).toBe(Math.max(fill * (1 - fixedPct / 100), trailingStopLevel('long', NaN, fill, d)));
          const short = initialTrailingStop('short', fill, fill * (1 + fixedPct / 100), d).level;
          expect(short).toBe(Math.min(fill * (1 + fixedPct / 100), trailingStopLevel('short', NaN, fill, d)));
        },
      ),
    );
  });
});

describe('extremeSince', () => {
  const candles = allocateCandleSeries(4);
  candles.time.set([0, 60, 120, 180]);
  candles.high.set([150, 110, 120, 115]);
  candles.low.set([50, 95, 90, 99]);

  it('reads only the candles opened at or after the entry', () => {
    expect(extremeSince('long', candles, 60)).toBe(120);
    expect(extremeSince('short', candles, 60)).toBe(90);
    expect(extremeSince('long', candles, 0)).toBe(150);
    expect(extremeSince('short', candles, 130)).toBe(99);
  });

  it('is NaN before any candle closed after the entry', () => {
    expect(extremeSince('long', candles, 181)).toBeNaN();
  });
});

describe('nextSessionStop', () => {
  it('moves a long stop up to the trail behind the high, on the grid below the exact level', () => {
    // 2 % behind 61 234.57 is 60 009.8786: the grid of 0.01 puts it at 60 009.87, never above.
    expect(nextSessionStop('long', 58_800, 61_234.57, 2, 0.01)).toBe(60_009.87);
  });

  it('moves a short stop down, on the grid above the exact level', () => {
    // 2 % above 58 765.43 is 59 940.7386 → 59 940.74.
    expect(nextSessionStop('short', 61_200, 58_765.43, 2, 0.01)).toBe(59_940.74);
  });

  it('leaves the stop when the price did not move it, or moved it by less than a tick', () => {
    expect(nextSessionStop('long', 58_800, 60_000, 2, 0.01)).toBeNull(); // trail 58 800 exactly
    expect(nextSessionStop('long', 58_800, 60_000.01, 2, 0.01)).toBeNull(); // 58 800.0098: under a tick
    expect(nextSessionStop('long', 58_800, 59_000, 2, 0.01)).toBeNull(); // the trail is looser: never down
    expect(nextSessionStop('short', 61_200, 60_000, 2, 0.01)).toBeNull();
    expect(nextSessionStop('long', 100, 110, 5, 10)).toBeNull(); // 104.5 floors to 100 on a 10-step grid
  });

  it('moves by exactly one tick when the trail gained one', () => {
    expect(nextSessionStop('long', 58_800, 60_000.011, 2, 0.01)).toBe(58_800.01);
  });

  it('has no move to make without an extreme', () => {
    expect(nextSessionStop('long', 58_800, NaN, 2, 0.01)).toBeNull();
  });

  it('without a grid, any tighter level counts', () => {
    expect(nextSessionStop('long', 95, 100.5, 5, 0)).toBeCloseTo(95.475, 12);
    expect(nextSessionStop('long', 95, 100, 5, 0)).toBeNull();
  });

  it('never loosens, never passes the exact rule, and always gains at least a tick', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'long' | 'short'>('long', 'short'),
        fc.integer({ min: 1_000, max: 10_000_000 }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        fc.constantFrom(0.01, 0.1, 0.5, 1),
        (side, stopSteps, move, d, tick) => {
          const current = Number((stopSteps * tick).toFixed(2));
          const extreme = current * move;
          const next = nextSessionStop(side, current, extreme, d, tick);
          if (next === null) return;
          const exact = trailingStopLevel(side, current, extreme, d);
          if (side === 'long') {
            expect(next).toBeGreaterThanOrEqual(current + tick * (1 - 1e-9));
            expect(next).toBeLessThanOrEqual(exact + 1e-9);
          } else {
            expect(next).toBeLessThanOrEqual(current - tick * (1 - 1e-9));
            expect(next).toBeGreaterThanOrEqual(exact - 1e-9);
          }
          // On the grid.
          expect(Math.abs(next / tick - Math.round(next / tick))).toBeLessThan(1e-6);
        },
      ),
    );
  });
});
