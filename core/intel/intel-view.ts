// What one cycle knows of the world beyond its venue at decision time: recent values of each series
// (only those known by then) and the headlines published by then. Built by intelViewAt from stored
// observations, carried in the MarketSnapshot, read by the agents' rules and their prompts.
import type { Headline } from './observation';
import type { SeriesId, SeriesSpec } from './series';

export interface IntelPoint {
  observedAt: number;
  knownAt: number;
  value: number;
}

export interface IntelView {
  asOf: number;
  /** Per series, ascending by observedAt, the latest revision of each value known at asOf. */
  series: Partial<Record<SeriesId, IntelPoint[]>>;
  /** Published and known at or before asOf, within the headline lookback, newest first. */
  headlines: Headline[];
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** How many past values a view keeps per series: enough for a 30-day change, or a year on monthly data. */
export function pointsKept(spec: Pick<SeriesSpec, 'cadence'>): number {
  return spec.cadence === 'monthly' ? 14 : spec.cadence === 'daily' ? 90 : 72;
}

/** How far back (by observedAt) a reader must load to fill pointsKept, with room for gaps. */
export function lookbackMs(spec: Pick<SeriesSpec, 'cadence'>): number {
  return spec.cadence === 'monthly' ? 460 * DAY : spec.cadence === 'daily' ? 100 * DAY : 2 * DAY;
}

export const HEADLINE_LOOKBACK_MS = 48 * HOUR;
export const HEADLINES_KEPT = 20;

/** The newest value of a series in the view, or undefined when it has none. */
export function latestPoint(view: IntelView | undefined, id: SeriesId): IntelPoint | undefined {
  const points = view?.series[id];
  return points && points.length ? points[points.length - 1] : undefined;
}

/**
 * The series' latest value when it is fresh, or why it cannot be used: missing from the view, or
 * stale (its period ended longer ago than the series allows). Agents abstain on the reason, naming it.
 */
export function freshPoint(
  view: IntelView | undefined,
  spec: Pick<SeriesSpec, 'id' | 'staleAfterMs'>,
): { point: IntelPoint } | { missing: string } {
  const id = spec.id as SeriesId;
  const p = latestPoint(view, id);
  if (!view || !p) return { missing: `${id} (no value known)` };
  const age = view.asOf - p.observedAt;
  if (age > spec.staleAfterMs)
    return { missing: `${id} (stale: last value for ${new Date(p.observedAt).toISOString()})` };
  return { point: p };
}

/** The value `back` ms before the latest one's period (the nearest at or before it), for changes over time. */
export function pointBefore(points: IntelPoint[], at: number): IntelPoint | undefined {
  let lo = 0;
  let hi = points.length - 1;
  let found: IntelPoint | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].observedAt <= at) {
      found = points[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
