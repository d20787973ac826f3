// Intelligence stored point in time: every revision of a value is a row known from its known_at, so a
// reader at t (a snapshot, a backtest) sees only what was known at t. A sync's rows and its
// IntelSyncRun row are written in one transaction: a failure leaves nothing half-written.
import { HEADLINE_LOOKBACK_MS, lookbackMs } from '../../../../core/intel/intel-view';
import type { IntelReader } from '../../../../core/intel/intel-reader';
import type { FetchResult, Headline, Observation, SkippedItem } from '../../../../core/intel/observation';
import { INTEL_PROVIDER_IDS, INTEL_SERIES, seriesSpec, type SeriesId } from '../../../../core/intel/series';
import { ValidationError } from '../../../../core/errors';
import { redactText } from '../../intel/provider-error';
import { Prisma } from '../prisma-client';
import type { RepositoryDb } from './repository-db';

export interface SyncRunTimes {
  startedAt: number;
  finishedAt: number;
}

export interface SaveCounts {
  observations: { inserted: number; revised: number; unchanged: number };
  headlines: { inserted: number; duplicate: number };
  skipped: number;
}

export interface ProviderRunStatus {
  provider: string;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastError: string | null;
  lastErrorKind: string | null;
  /** The counts of the newest successful run. */
  lastCounts: { inserted: number; revised: number; unchanged: number; headlines: number; skipped: number } | null;
}

export interface StoredPoint {
  seriesId: SeriesId;
  observedAt: number;
  knownAt: number;
  value: number;
}

/** How many skipped items a run row keeps as a sample (the log has each one). */
const SKIPPED_SAMPLE = 20;

const ms = (col: string) => Prisma.raw(`(extract(epoch FROM ${col}) * 1000)::float8`);
const ts = (v: number) => Prisma.sql`to_timestamp(${v}::float8 / 1000)`;

// A value the database would take but no reader can use is refused before anything is written.
function checkObservation(o: Observation): void {
  seriesSpec(o.seriesId);
  for (const [k, v] of [
    ['value', o.value],
    ['observedAt', o.observedAt],
    ['knownAt', o.knownAt],
  ] as const)
    if (!Number.isFinite(v))
      throw new ValidationError(`observation of ${o.seriesId}: ${k} ${String(v)} is not a finite number`);
}

export function createIntelRepository(db: RepositoryDb) {
  const t = db.table;
  const OBS = t('intel_observations');
  const HEAD = t('intel_headlines');
  const RUNS = t('intel_sync_runs');

  const insertRun = (
    q: Pick<Prisma.TransactionClient, '$executeRaw'>,
    provider: string,
    run: SyncRunTimes,
    r: {
      ok: boolean;
      errorKind?: string | null;
      error?: string | null;
      counts?: { inserted: number; revised: number; unchanged: number; headlines: number };
      skipped?: SkippedItem[];
    },
  ) =>
    q.$executeRaw(Prisma.sql`
      INSERT INTO ${RUNS} (id, provider, started_at, finished_at, ok, error_kind, error, inserted, revised, unchanged,
        headlines, skipped, skipped_sample)
      VALUES (gen_random_uuid()::text, ${provider}, ${ts(run.startedAt)}, ${ts(run.finishedAt)}, ${r.ok},
        ${r.errorKind ?? null}, ${r.error ?? null}, ${r.counts?.inserted ?? 0}::int, ${r.counts?.revised ?? 0}::int,
        ${r.counts?.unchanged ?? 0}::int, ${r.counts?.headlines ?? 0}::int, ${r.skipped?.length ?? 0}::int,
        ${r.skipped?.length ? JSON.stringify(r.skipped.slice(0, SKIPPED_SAMPLE)) : null}::jsonb)`);

  const reader: IntelReader = {
    async readForViews(from, to) {
      const ids = INTEL_SERIES.map((s) => s.id);
      const since = INTEL_SERIES.map((s) => from - lookbackMs(s));
      const observations = await db.sql.rows<Observation>(Prisma.sql`
        SELECT o.series_id AS "seriesId", ${ms('o.observed_at')} AS "observedAt", ${ms('o.known_at')} AS "knownAt", o.value
        FROM ${OBS} o
        JOIN unnest(${ids}::text[], ${since}::float8[]) AS w(series_id, since_ms) ON w.series_id = o.series_id
        WHERE o.known_at <= ${ts(to)} AND o.observed_at >= to_timestamp(w.since_ms / 1000)
        ORDER BY o.series_id, o.observed_at, o.known_at`);
      const headlines = await db.sql.rows<Headline>(Prisma.sql`
        SELECT source, guid, title, url, ${ms('published_at')} AS "publishedAt", ${ms('known_at')} AS "knownAt"
        FROM ${HEAD}
        WHERE known_at <= ${ts(to)} AND published_at >= ${ts(from - HEADLINE_LOOKBACK_MS)}
        ORDER BY published_at DESC, source, guid`);
      return { observations, headlines };
    },
  };

  return {
    ...reader,

    /**
     * Stores one fetch and its run row in one transaction. A (series, observedAt) not stored yet is
     * inserted; one whose latest stored revision has another value gets a revision row known from
     * the new knownAt; an equal value is unchanged. A headline already stored (source, guid) is a duplicate.
     */
    async saveFetch(provider: string, result: FetchResult, times: SyncRunTimes | number): Promise<SaveCounts> {
      // A bare number (the fetch time) is a run that started and finished then.
      const run = typeof times === 'number' ? { startedAt: times, finishedAt: times } : times;
      result.observations.forEach(checkObservation);
      const fetchedAt = run.finishedAt;
      return db.prisma.$transaction(async (tx) => {
        const obs = result.observations;
        const latest = obs.length
          ? await tx.$queryRaw<{ seriesId: string; observedAt: number; value: number }[]>(Prisma.sql`
              SELECT DISTINCT ON (o.series_id, o.observed_at) o.series_id AS "seriesId",
                ${ms('o.observed_at')} AS "observedAt", o.value
              FROM ${OBS} o
              JOIN (SELECT DISTINCT * FROM unnest(${obs.map((o) => o.seriesId)}::text[],
                    ${obs.map((o) => o.observedAt)}::float8[]) AS k(series_id, observed_ms)) k
                ON k.series_id = o.series_id AND o.observed_at = to_timestamp(k.observed_ms / 1000)
              ORDER BY o.series_id, o.observed_at, o.known_at DESC`)
          : [];
        const stored = new Map(latest.map((r) => [`${r.seriesId}|${r.observedAt}`, r.value]));
        const counts = { inserted: 0, revised: 0, unchanged: 0 };
        const rows: Observation[] = [];
        // Within one fetch the later row of a repeated key wins, as a later fetch would.
        const batch = new Map<string, Observation>();
        for (const o of obs) batch.set(`${o.seriesId}|${o.observedAt}`, o);
        for (const [key, o] of batch) {
          const prev = stored.get(key);
          if (prev === undefined) {
            counts.inserted++;
            rows.push(o);
          } else if (prev !== o.value) {
            counts.revised++;
            // A revision is known from the fetch that brought it, never earlier: two readings of an
            // instant series within one minute then stay two rows instead of the second colliding.
            rows.push({ ...o, knownAt: Math.max(o.knownAt, fetchedAt) });
          } else counts.unchanged++;
        }
        if (rows.length)
          await tx.$executeRaw(Prisma.sql`
            INSERT INTO ${OBS} (series_id, observed_at, known_at, value, provider, fetched_at)
            SELECT s, to_timestamp(o / 1000), to_timestamp(k / 1000), v, ${provider}, ${ts(fetchedAt)}
            FROM unnest(${rows.map((r) => r.seriesId)}::text[], ${rows.map((r) => r.observedAt)}::float8[],
              ${rows.map((r) => r.knownAt)}::float8[], ${rows.map((r) => r.value)}::float8[]) AS u(s, o, k, v)
            ON CONFLICT DO NOTHING`);
        let headlinesInserted = 0;
        const hs = result.headlines;
        if (hs.length)
          headlinesInserted = await tx.$executeRaw(Prisma.sql`
            INSERT INTO ${HEAD} (id, source, guid, title, url, published_at, known_at, fetched_at)
            SELECT gen_random_uuid()::text, s, g, ti, u, to_timestamp(p / 1000), to_timestamp(k / 1000), ${ts(fetchedAt)}
            FROM unnest(${hs.map((h) => h.source)}::text[], ${hs.map((h) => h.guid)}::text[],
              ${hs.map((h) => h.title)}::text[], ${hs.map((h) => h.url)}::text[],
              ${hs.map((h) => h.publishedAt)}::float8[], ${hs.map((h) => h.knownAt)}::float8[]) AS x(s, g, ti, u, p, k)
            ON CONFLICT (source, guid) DO NOTHING`);
        await insertRun(tx, provider, run, {
          ok: true,
          counts: { ...counts, headlines: headlinesInserted },
          skipped: result.skipped,
        });
        return {
          observations: counts,
          headlines: { inserted: headlinesInserted, duplicate: hs.length - headlinesInserted },
          skipped: result.skipped.length,
        };
      });
    },

    /** A key in a URL's query never reaches the row (ProviderError redacts already; this is the backstop). */
    async recordFailure(
      provider: string,
      error: { kind: string; message: string },
      times: SyncRunTimes | number,
    ): Promise<void> {
      const run = typeof times === 'number' ? { startedAt: times, finishedAt: times } : times;
      const message = redactText(error.message);
      await insertRun(db.prisma, provider, run, { ok: false, errorKind: error.kind, error: message });
    },

    /** Per known provider (and any other with runs), its newest success and failure. */
    async lastRuns(): Promise<ProviderRunStatus[]> {
      const rows = await db.sql.rows<{
        provider: string;
        ok: boolean;
        at: number;
        errorKind: string | null;
        error: string | null;
        inserted: number;
        revised: number;
        unchanged: number;
        headlines: number;
        skipped: number;
      }>(Prisma.sql`
        SELECT DISTINCT ON (provider, ok) provider, ok, ${ms('finished_at')} AS at, error_kind AS "errorKind", error,
          inserted, revised, unchanged, headlines, skipped
        FROM ${RUNS} ORDER BY provider, ok, finished_at DESC`);
      const names = [...new Set([...INTEL_PROVIDER_IDS, ...rows.map((r) => r.provider)])];
      return names.map((provider) => {
        const ok = rows.find((r) => r.provider === provider && r.ok);
        const bad = rows.find((r) => r.provider === provider && !r.ok);
        return {
          provider,
          lastSuccessAt: ok?.at ?? null,
          lastFailureAt: bad?.at ?? null,
          lastError: bad?.error ?? null,
          lastErrorKind: bad?.errorKind ?? null,
          lastCounts: ok
            ? {
                inserted: ok.inserted,
                revised: ok.revised,
                unchanged: ok.unchanged,
                headlines: ok.headlines,
                skipped: ok.skipped,
              }
            : null,
        };
      });
    },

    /**
     * A series' points, ascending by observedAt: per period the latest revision known by `knownBy`
     * (now when absent). With `limit`, the newest `limit` periods.
     */
    async listObservations(q: {
      seriesId: string;
      from?: number;
      to?: number;
      knownBy?: number;
      limit?: number;
    }): Promise<StoredPoint[]> {
      seriesSpec(q.seriesId);
      const where = [
        Prisma.sql`series_id = ${q.seriesId}`,
        Prisma.sql`known_at <= ${q.knownBy !== undefined ? ts(q.knownBy) : Prisma.sql`now()`}`,
        q.from !== undefined ? Prisma.sql`observed_at >= ${ts(q.from)}` : null,
        q.to !== undefined ? Prisma.sql`observed_at <= ${ts(q.to)}` : null,
      ].filter((c): c is Prisma.Sql => c !== null);
      const rows = await db.sql.rows<StoredPoint>(Prisma.sql`
        SELECT * FROM (
          SELECT DISTINCT ON (observed_at) series_id AS "seriesId", ${ms('observed_at')} AS "observedAt",
            ${ms('known_at')} AS "knownAt", value
          FROM ${OBS} WHERE ${Prisma.join(where, ' AND ')}
          ORDER BY observed_at DESC, known_at DESC
          ${q.limit !== undefined ? Prisma.sql`LIMIT ${q.limit}::int` : Prisma.empty}
        ) p ORDER BY "observedAt"`);
      return rows;
    },

    /** Per series with any value known at asOf (now when absent), its newest period's latest revision. */
    async latestBySeries(asOf?: number): Promise<StoredPoint[]> {
      return db.sql.rows<StoredPoint>(Prisma.sql`
        SELECT DISTINCT ON (series_id) series_id AS "seriesId", ${ms('observed_at')} AS "observedAt",
          ${ms('known_at')} AS "knownAt", value
        FROM ${OBS} WHERE known_at <= ${asOf !== undefined ? ts(asOf) : Prisma.sql`now()`}
        ORDER BY series_id, observed_at DESC, known_at DESC`);
    },

    /** Newest first. */
    async listHeadlines(q: { from?: number; to?: number; source?: string; limit?: number } = {}): Promise<Headline[]> {
      const where = [
        q.from !== undefined ? Prisma.sql`published_at >= ${ts(q.from)}` : null,
        q.to !== undefined ? Prisma.sql`published_at <= ${ts(q.to)}` : null,
        q.source !== undefined ? Prisma.sql`source = ${q.source}` : null,
      ].filter((c): c is Prisma.Sql => c !== null);
      return db.sql.rows<Headline>(Prisma.sql`
        SELECT source, guid, title, url, ${ms('published_at')} AS "publishedAt", ${ms('known_at')} AS "knownAt"
        FROM ${HEAD} ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
        ORDER BY published_at DESC, source, guid
        ${q.limit !== undefined ? Prisma.sql`LIMIT ${q.limit}::int` : Prisma.empty}`);
    },

    /** The newest observedAt stored for a series, whenever known; null when it has none. */
    async latestObservedAt(seriesId: string): Promise<number | null> {
      seriesSpec(seriesId);
      const [row] = await db.sql.rows<{ v: number | null }>(Prisma.sql`
        SELECT ${ms('max(observed_at)')} AS v FROM ${OBS} WHERE series_id = ${seriesId}`);
      return row?.v ?? null;
    },
  };
}

export type IntelRepository = ReturnType<typeof createIntelRepository>;
