// One sync of one intelligence provider: fetch, store point in time, record the run. A provider that
// fails (down, slow, 429, malformed) is a recorded failure and an ok:false outcome, never a throw: the
// schedule retries it. A database failure does throw, so the activity calling this is retried.
//
// What is fetched: when none of the provider's series has a stored row and it serves history, the
// last `backfillDays` through history(); otherwise latest(), plus history() from the newest stored
// period when that is older than twice the series' cadence (a gap left by downtime). The gap check
// uses the provider's oldest newest-period across its series, so one lagging series fills for all.
import type { IntelProviderId } from '../../../core/intel/series';
import { seriesSpec } from '../../../core/intel/series';
import type { DataProvider } from '../../../core/intel/provider';
import type { FetchResult, SkippedItem } from '../../../core/intel/observation';
import type { IntelRepository } from '../../adapters/db/repositories/intel';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CADENCE_MS = { intraday: HOUR, daily: DAY, monthly: 31 * DAY } as const;
/** Skipped items logged one per line; the rest are counted. */
const SKIPPED_LOGGED = 20;

export type IntelSyncRepo = Pick<IntelRepository, 'saveFetch' | 'recordFailure' | 'latestObservedAt'>;

export interface SyncOutcome {
  provider: IntelProviderId;
  ok: boolean;
  startedAt: number;
  finishedAt: number;
  observations: { inserted: number; revised: number; unchanged: number };
  headlines: { inserted: number; duplicate: number };
  skipped: SkippedItem[];
  error?: { kind: string; message: string };
}

export interface SyncDeps {
  provider: DataProvider;
  repo: IntelSyncRepo;
  now?: () => number;
  log?: (line: string) => void;
}

const merge = (a: FetchResult, b: FetchResult): FetchResult => ({
  observations: [...a.observations, ...b.observations],
  headlines: [...a.headlines, ...b.headlines],
  skipped: [...a.skipped, ...b.skipped],
});

function failureOf(e: unknown): { kind: string; message: string } {
  const kind = (e as { kind?: unknown })?.kind;
  return {
    kind: typeof kind === 'string' ? kind : 'error',
    message: e instanceof Error ? e.message : String(e),
  };
}

export async function syncProvider(deps: SyncDeps, opts: { backfillDays: number }): Promise<SyncOutcome> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  const { provider, repo } = deps;
  const startedAt = now();
  const series = provider.capabilities.series;

  // Database reads before the provider is asked: a failure here throws (the activity retries).
  const newest = await Promise.all(series.map((id) => repo.latestObservedAt(id)));
  const stored = newest.filter((v): v is number => v !== null);

  let result: FetchResult;
  try {
    const backfillFrom = startedAt - opts.backfillDays * DAY;
    if (provider.capabilities.history && series.length && stored.length === 0 && opts.backfillDays > 0) {
      result = merge(
        await provider.history({ from: backfillFrom, to: startedAt }, startedAt),
        await provider.latest(startedAt),
      );
    } else {
      result = await provider.latest(startedAt);
      if (provider.capabilities.history && stored.length) {
        const oldest = Math.min(...stored);
        const cadence = Math.max(...series.map((id) => CADENCE_MS[seriesSpec(id).cadence]));
        if (startedAt - oldest > 2 * cadence) {
          const from = Math.max(oldest, backfillFrom);
          result = merge(await provider.history({ from, to: startedAt }, startedAt), result);
        }
      }
    }
  } catch (e) {
    const error = failureOf(e);
    const finishedAt = now();
    await repo.recordFailure(provider.id, error, { startedAt, finishedAt });
    log(`intel ${provider.id}: failed (${error.kind}): ${error.message}`);
    return {
      provider: provider.id,
      ok: false,
      startedAt,
      finishedAt,
      observations: { inserted: 0, revised: 0, unchanged: 0 },
      headlines: { inserted: 0, duplicate: 0 },
      skipped: [],
      error,
    };
  }

  for (const s of result.skipped.slice(0, SKIPPED_LOGGED)) log(`intel ${provider.id}: skipped ${s.what}: ${s.reason}`);
  if (result.skipped.length > SKIPPED_LOGGED)
    log(`intel ${provider.id}: ${result.skipped.length - SKIPPED_LOGGED} more items skipped`);

  const finishedAt = now();
  const counts = await repo.saveFetch(provider.id, result, { startedAt, finishedAt });
  return {
    provider: provider.id,
    ok: true,
    startedAt,
    finishedAt,
    observations: counts.observations,
    headlines: counts.headlines,
    skipped: result.skipped,
  };
}
