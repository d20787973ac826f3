// A point-in-time index over stored observations and headlines: viewAt(t) gives exactly what was
// known at t. The live snapshot builds one from the rows it read for its cycle, a backtest builds one
// for its whole range and asks it at every candle, so both read intelligence the same way.
import { HEADLINE_LOOKBACK_MS, HEADLINES_KEPT, pointsKept, type IntelPoint, type IntelView } from './intel-view';
import type { Headline, Observation } from './observation';
import { seriesSpec, type SeriesId } from './series';

export interface IntelTimeline {
  viewAt(t: number): IntelView;
  /** Whether the timeline holds anything at all (no rows: no view in the snapshot). */
  readonly empty: boolean;
}

const byKnownAt = <T extends { knownAt: number }>(a: T, b: T) => a.knownAt - b.knownAt;

/** Index of the first row known after t (rows sorted by knownAt). */
function knownBy<T extends { knownAt: number }>(rows: T[], t: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].knownAt <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The latest `keep` observed periods known at t, each at its latest revision known at t. Walks back
 * in knownAt order; since a value is never known before its period, once a row was known before the
 * oldest period collected (with `keep` collected), no older row can hold a newer period.
 */
function seriesAt(rows: Observation[], t: number, keep: number): IntelPoint[] {
  const taken = new Map<number, IntelPoint>();
  let oldest = Infinity;
  for (let i = knownBy(rows, t) - 1; i >= 0; i--) {
    const r = rows[i];
    if (taken.size >= keep && r.knownAt < oldest) break;
    if (taken.has(r.observedAt)) continue;
    taken.set(r.observedAt, { observedAt: r.observedAt, knownAt: r.knownAt, value: r.value });
    oldest = Math.min(oldest, r.observedAt);
  }
  return [...taken.values()].sort((a, b) => a.observedAt - b.observedAt).slice(-keep);
}

function headlinesAt(rows: Headline[], t: number): Headline[] {
  const since = t - HEADLINE_LOOKBACK_MS;
  const out: Headline[] = [];
  for (let i = knownBy(rows, t) - 1; i >= 0 && rows[i].knownAt >= since; i--) {
    const h = rows[i];
    if (h.publishedAt >= since && h.publishedAt <= t) out.push(h);
  }
  out.sort((a, b) => b.publishedAt - a.publishedAt || a.source.localeCompare(b.source));
  return out.slice(0, HEADLINES_KEPT);
}

export function buildIntelTimeline(
  observations: readonly Observation[],
  headlines: readonly Headline[],
): IntelTimeline {
  const bySeries = new Map<SeriesId, Observation[]>();
  for (const o of observations) {
    const rows = bySeries.get(o.seriesId);
    if (rows) rows.push(o);
    else bySeries.set(o.seriesId, [o]);
  }
  const keep = new Map<SeriesId, number>();
  for (const [id, rows] of bySeries) {
    rows.sort(byKnownAt);
    keep.set(id, pointsKept(seriesSpec(id)));
  }
  const news = [...headlines].sort(byKnownAt);
  return {
    empty: bySeries.size === 0 && news.length === 0,
    viewAt(t: number): IntelView {
      const series: IntelView['series'] = {};
      for (const [id, rows] of bySeries) {
        const points = seriesAt(rows, t, keep.get(id)!);
        if (points.length) series[id] = points;
      }
      return { asOf: t, series, headlines: headlinesAt(news, t) };
    },
  };
}
