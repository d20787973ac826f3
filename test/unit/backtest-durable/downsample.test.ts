import { downsampleCurve } from '../../../activities/backtest/downsample';

describe('downsampleCurve (the dashboard equity curve)', () => {
  const curve = (n: number) => ({ time: Float64Array.from({ length: n }, (_, i) => i * 60_000), equity: Float64Array.from({ length: n }, (_, i) => 100 + i) });

  it('keeps a short curve whole', () => {
    const { time, equity } = curve(5);
    expect(downsampleCurve(time, equity, 10)).toEqual([0, 1, 2, 3, 4].map((i) => ({ time: i * 60_000, equity: 100 + i })));
  });

  it('thins a long curve to about max points, evenly, always ending at the last candle', () => {
    const { time, equity } = curve(525_600);
    const out = downsampleCurve(time, equity, 2_000);
    expect(out.length).toBeLessThanOrEqual(2_001);
    expect(out.length).toBeGreaterThan(1_900);
    expect(out[0]).toEqual({ time: 0, equity: 100 });
    expect(out[out.length - 1]).toEqual({ time: 525_599 * 60_000, equity: 100 + 525_599 });
    const gaps = new Set(out.slice(1, -1).map((p, i) => p.time - out[i].time));
    expect(gaps.size).toBe(1); // one step between all but the final point
  });

  it('is empty for an empty curve', () => {
    expect(downsampleCurve(new Float64Array(0), new Float64Array(0), 10)).toEqual([]);
  });
});
