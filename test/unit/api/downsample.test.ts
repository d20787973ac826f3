import { buckets, downsampleLine } from '../../../api/data/downsample';
import { drawdownPct, equityFigures } from '../../../api/data/equity-drawdown';

describe('buckets', () => {
  it.each([[10, 3], [1000, 7], [5, 5], [3, 10], [525_600, 2000]])('partitions %i items into at most %i buckets like SQL floor(i*count/n)', (n, max) => {
    const bs = buckets(n, max);
    const count = Math.min(n, max);
    expect(bs).toHaveLength(count);
    bs.forEach(([a, b], k) => {
      expect(a).toBe(k === 0 ? 0 : bs[k - 1][1]);
      // Every item's SQL bucket index is this bucket's index.
      for (const i of [a, b - 1]) expect(Math.floor((i * count) / n)).toBe(k);
    });
    expect(bs[bs.length - 1][1]).toBe(n);
  });
});

describe('downsampleLine', () => {
  it('keeps each bucket\'s last value, or its minimum so the deepest drawdown survives', () => {
    const v = [10, 11, 3, 12, 13, 14];
    expect(downsampleLine([0, 1, 2, 3, 4, 5], v, 6, 2)).toEqual([{ time: 0, value: 3 }, { time: 3, value: 14 }]);
    expect(downsampleLine([0, 1, 2, 3, 4, 5], [-1, -5, -2, 0, -3, -1], 6, 2, 'min')).toEqual([{ time: 0, value: -5 }, { time: 3, value: -3 }]);
  });
});

describe('equity figures', () => {
  it('drawdown from the running peak, PnL today from the last point before the UTC day', () => {
    expect(drawdownPct([100, 120, 90, 130])).toEqual([0, 0, -25, 0]);
    const day = Date.UTC(2026, 10, 26);
    const f = equityFigures([day - 7200_000, day - 3600_000, day + 60_000, day + 120_000], [100, 120, 90, 110], day + 3600_000);
    expect(f).toEqual({ startEquity: 100, equity: 110, pnlTotal: 10, pnlToday: -10, maxDrawdownPct: -25 });
    expect(equityFigures([], [])).toMatchObject({ equity: null, pnlToday: 0 });
  });
});
