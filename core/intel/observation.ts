// What a provider hands back: numbers with the period they describe and the time they became known,
// and headlines with their publication time. Point in time rests on knownAt: a reader at time t sees
// only what was known at or before t.
import type { SeriesId } from './series';

export interface Observation {
  seriesId: SeriesId;
  /** UTC ms of the period the value describes (a day's or month's start, or the reading's instant). */
  observedAt: number;
  /** UTC ms from which the value was known: the fetch time, or observedAt + the series' lag for history. */
  knownAt: number;
  value: number;
}

export interface Headline {
  /** The feed's id in the config (e.g. `coindesk`). */
  source: string;
  /** The entry's guid/id, or its link when it has none: with source, what deduplicates. */
  guid: string;
  title: string;
  url: string;
  /** UTC ms the outlet published it; a reader at t sees it only if publishedAt <= t. */
  publishedAt: number;
  /** UTC ms we learned it: publishedAt, or the fetch time when the feed dates it later than we read it. */
  knownAt: number;
}

/** An item a provider could not use, with why: logged and counted, never stored. */
export interface SkippedItem {
  what: string;
  reason: string;
}

export interface FetchResult {
  observations: Observation[];
  headlines: Headline[];
  skipped: SkippedItem[];
}

export const emptyFetch = (): FetchResult => ({ observations: [], headlines: [], skipped: [] });

/**
 * knownAt for a value fetched at `fetchedAt` describing `observedAt`: never before the period it
 * describes, never after we had it in hand, and at the provider's published lag when history is
 * backfilled (so a backtest does not see it sooner than its publication).
 */
export function knownAtOf(observedAt: number, lagMs: number, fetchedAt: number): number {
  return Math.min(fetchedAt, Math.max(observedAt, observedAt + lagMs));
}
