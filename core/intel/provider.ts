// The contract every intelligence provider implements (adapters in infra/adapters/intel): latest
// values, history for a range, what it serves, whether it answers, and how often it may be asked.
import type { FetchResult } from './observation';
import type { IntelProviderId, SeriesId } from './series';

export interface ProviderCapabilities {
  series: readonly SeriesId[];
  headlines: boolean;
  /** Whether history(range) returns past values; a provider without history returns latest only. */
  history: boolean;
  /** How far back history reaches, in days, when the provider limits it. */
  maxHistoryDays?: number;
}

export interface RateLimit {
  /** Requests per minute we allow ourselves without a key (the provider's public limit, with margin). */
  requestsPerMinute: number;
  /** The same with the optional key configured. */
  withKeyPerMinute?: number;
}

export interface ProviderHealth {
  ok: boolean;
  detail: string;
  latencyMs?: number;
}

export interface TimeRange {
  from: number;
  to: number;
}

export interface DataProvider {
  readonly id: IntelProviderId;
  readonly capabilities: ProviderCapabilities;
  readonly rateLimit: RateLimit;
  /** The newest values; `now` (UTC ms) is the fetch time, which knownAt and the future check use. */
  latest(now: number): Promise<FetchResult>;
  /** Values observed in [from, to]; knownAt per the series' publication lag. */
  history(range: TimeRange, now: number): Promise<FetchResult>;
  /** One cheap request; never throws. */
  health(): Promise<ProviderHealth>;
}
