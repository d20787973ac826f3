import { buckets, downsampleLine } from '../../../core/charts/downsample';

describe('buckets', () => {
  it.each([
    [10, 3],
    [1000, 7],
    [5, 5],
    [3, 10],
    [525_600, 2000],
  ])('partitions %i items into at most %i buckets like SQL floor(i*count/n)', (n, max) => {
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
  it("keeps each bucket's last value, or its minimum so the deepest drawdown survives", () => {
    const v = [10, 11, 3, 12, 13, 14];
    expect(downsampleLine([0, 1, 2, 3, 4, 5], v, 6, 2)).toEqual([
      { time: 0, value: 3 },
      { time: 3, value: 14 },
    ]);
    expect(downsampleLine([0, 1, 2, 3, 4, 5], [-1, -5, -2, 0, -3, -1], 6, 2, 'min')).toEqual([
      { time: 0, value: -5 },
      { time: 3, value: -3 },
    ]);
  });

  it('keeps a short curve whole and thins a long one to max points that end on its final value', () => {
    const n = 525_600;
    const time = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const equity = Float64Array.from({ length: n }, (_, i) => 100 + i);
    expect(downsampleLine(time, equity, 5, 10)).toEqual(
      [0, 1, 2, 3, 4].map((i) => ({ time: i * 60_000, value: 100 + i })),
    );
    const out = downsampleLine(time, equity, n, 2_000);
    expect(out).toHaveLength(2_000);
    expect(out[0].time).toBe(0);
    expect(out[out.length - 1].value).toBe(100 + n - 1); // the run's final equity survives thinning
    expect(downsampleLine(time, equity, 0, 10)).toEqual([]);
  });
});
