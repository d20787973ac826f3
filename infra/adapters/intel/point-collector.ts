// One place that decides whether a parsed value may become an Observation: a finite number, a
// finite time no later than a few minutes after the fetch. Everything else is a SkippedItem with the
// reason, so the on-chain and macro parsers refuse bad input the same way.
import { knownAtOf, type FetchResult, type Observation, type SkippedItem } from '../../../core/intel/observation';
import { seriesSpec, type SeriesId } from '../../../core/intel/series';

/** Clock skew we tolerate between a provider's timestamps and ours before a value counts as future. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface PointCollector {
  /** Keeps the value when it is usable, else records why not; `what` names it in the skipped list. */
  add(seriesId: SeriesId, observedAt: unknown, value: unknown, what: string): void;
  skip(what: string, reason: string): void;
  observations: Observation[];
  skipped: SkippedItem[];
}

export function createPointCollector(now: number): PointCollector {
  const observations: Observation[] = [];
  const skipped: SkippedItem[] = [];
  const skip = (what: string, reason: string) => void skipped.push({ what, reason });
  return {
    observations,
    skipped,
    skip,
    add(seriesId, observedAt, value, what) {
      if (typeof observedAt !== 'number' || !Number.isFinite(observedAt))
        return skip(what, `timestamp is not a number: ${show(observedAt)}`);
      if (observedAt > now + FUTURE_TOLERANCE_MS)
        return skip(what, `timestamp ${new Date(observedAt).toISOString()} is in the future`);
      if (typeof value !== 'number' || !Number.isFinite(value))
        return skip(what, `value is not a finite number: ${show(value)}`);
      const lag = seriesSpec(seriesId).publicationLagMs;
      observations.push({ seriesId, observedAt, knownAt: knownAtOf(observedAt, lag, now), value });
    },
  };
}

/** A short, printable form of a bad value for a skipped reason. */
export function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'missing' : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export const fetchResultOf = (c: PointCollector): FetchResult => ({
  observations: c.observations,
  headlines: [],
  skipped: c.skipped,
});

/** The newest observation per series: what latest() keeps from a window of history. */
export function newestPerSeries(r: FetchResult): FetchResult {
  const newest = new Map<string, Observation>();
  for (const o of r.observations) {
    const cur = newest.get(o.seriesId);
    if (!cur || o.observedAt > cur.observedAt) newest.set(o.seriesId, o);
  }
  return { ...r, observations: [...newest.values()] };
}

/** Only what was observed inside [from, to]. */
export function withinRange(r: FetchResult, from: number, to: number): FetchResult {
  return { ...r, observations: r.observations.filter((o) => o.observedAt >= from && o.observedAt <= to) };
}

/** UTC calendar date `yyyy-mm-dd` of a time: the form FRED and blockchain.com take for a start. */
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
