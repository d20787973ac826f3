// The point-in-time contract: a view at t holds exactly what was known at t, revisions included.
import { buildIntelTimeline } from '../../../core/intel/intel-timeline';
import { freshPoint, HEADLINE_LOOKBACK_MS, pointBefore, pointsKept } from '../../../core/intel/intel-view';
import { knownAtOf, type Headline, type Observation } from '../../../core/intel/observation';
import { seriesSpec } from '../../../core/intel/series';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

const fng = (day: number, value: number, knownAfterMs = 0): Observation => ({
  seriesId: 'fear_greed.index',
  observedAt: T0 + day * DAY,
  knownAt: T0 + day * DAY + knownAfterMs,
  value,
});

const headline = (id: string, publishedAt: number, knownAt = publishedAt): Headline => ({
  source: 'feed',
  guid: id,
  title: `headline ${id}`,
  url: `https://example.test/${id}`,
  publishedAt,
  knownAt,
});

describe('buildIntelTimeline', () => {
  it('never shows a value before it was known', () => {
    const tl = buildIntelTimeline([fng(0, 10), fng(1, 20, 6 * 3600_000)], []);
    const justBefore = tl.viewAt(T0 + DAY + 6 * 3600_000 - 1).series['fear_greed.index']!;
    // day 1's value is published six hours into the day: one ms earlier only day 0 is known
    expect(justBefore.map((p) => p.value)).toEqual([10]);
    const at = tl.viewAt(T0 + DAY + 6 * 3600_000).series['fear_greed.index']!;
    expect(at.map((p) => p.value)).toEqual([10, 20]);
  });

  it('shows a revision only from when it was known, and the original before', () => {
    const original = fng(3, 40);
    const revised = { ...fng(3, 45), knownAt: T0 + 5 * DAY };
    const tl = buildIntelTimeline([revised, fng(4, 50), original], []);
    const before = tl.viewAt(T0 + 4 * DAY).series['fear_greed.index']!;
    expect(before.map((p) => [p.observedAt, p.value])).toEqual([
      [T0 + 3 * DAY, 40],
      [T0 + 4 * DAY, 50],
    ]);
    const after = tl.viewAt(T0 + 5 * DAY).series['fear_greed.index']!;
    expect(after.map((p) => p.value)).toEqual([45, 50]);
  });

  it('keeps only the newest pointsKept periods, in order, even when old periods were revised late', () => {
    const keep = pointsKept(seriesSpec('fear_greed.index'));
    const rows = Array.from({ length: keep + 30 }, (_, d) => fng(d, d % 100));
    // a revision of the very first day, learned at the end: outside the kept window, so not shown
    rows.push({ ...fng(0, 99), knownAt: T0 + (keep + 40) * DAY });
    const view = buildIntelTimeline(rows, []).viewAt(T0 + (keep + 40) * DAY);
    const points = view.series['fear_greed.index']!;
    expect(points).toHaveLength(keep);
    expect(points[0].observedAt).toBe(T0 + 30 * DAY);
    expect(points.every((p, i) => i === 0 || p.observedAt > points[i - 1].observedAt)).toBe(true);
  });

  it('gives headlines published by t within the lookback, newest first, and none published later', () => {
    const t = T0 + 10 * DAY;
    const tl = buildIntelTimeline(
      [],
      [
        headline('old', t - HEADLINE_LOOKBACK_MS - 1),
        headline('a', t - 3600_000),
        headline('b', t - 60_000),
        headline('future', t + 1),
        // published before t but only seen by us after it: a live cycle at t could not have read it
        headline('late', t - 120_000, t + 60_000),
      ],
    );
    expect(tl.viewAt(t).headlines.map((h) => h.guid)).toEqual(['b', 'a']);
  });

  it('is empty without rows, and a series with nothing known yet is absent from the view', () => {
    expect(buildIntelTimeline([], []).empty).toBe(true);
    const view = buildIntelTimeline([fng(5, 30)], []).viewAt(T0);
    expect(view.series['fear_greed.index']).toBeUndefined();
  });
});

describe('freshPoint and pointBefore', () => {
  it('names a missing series and a stale one, and returns a fresh one', () => {
    const spec = seriesSpec('fear_greed.index');
    const tl = buildIntelTimeline([fng(0, 10)], []);
    expect(freshPoint(tl.viewAt(T0 + DAY), spec)).toEqual({ point: expect.objectContaining({ value: 10 }) });
    expect(freshPoint(tl.viewAt(T0 + DAY + spec.staleAfterMs), spec)).toEqual({
      missing: expect.stringMatching(/^fear_greed\.index \(stale/),
    });
    expect(freshPoint(undefined, spec)).toEqual({ missing: 'fear_greed.index (no value known)' });
  });

  it('finds the latest point at or before a time', () => {
    const points = [fng(0, 1), fng(2, 3), fng(4, 5)].map(({ observedAt, knownAt, value }) => ({
      observedAt,
      knownAt,
      value,
    }));
    expect(pointBefore(points, T0 + 3 * DAY)?.value).toBe(3);
    expect(pointBefore(points, T0 - 1)).toBeUndefined();
  });
});

describe('knownAtOf', () => {
  it('is never before the period, never after the fetch, and at the lag for history', () => {
    // history fetched long after: known at publication (period + lag)
    expect(knownAtOf(T0, DAY, T0 + 30 * DAY)).toBe(T0 + DAY);
    // fetched before the documented lag elapsed: we had it when we fetched it
    expect(knownAtOf(T0, DAY, T0 + 3600_000)).toBe(T0 + 3600_000);
    expect(knownAtOf(T0, 0, T0 + 5)).toBe(T0);
  });
});
