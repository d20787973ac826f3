// The intel repository on a real PostgreSQL: revisions stored point in time (a reader at t never sees a
// value known after t), duplicates counted, a sync's rows and run row written in one transaction.
import { createPrisma, migrateDeploy, type PrismaClient } from '../../../infra/adapters/db';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import { createIntelRepository, type IntelRepository } from '../../../infra/adapters/db/repositories/intel';
import type { FetchResult, Headline, Observation } from '../../../core/intel/observation';
import { UnknownSeriesError } from '../../../core/intel/series';
import { createFreshDatabase, withPg, type FreshDatabase } from '../db/fresh-database';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const D0 = Date.UTC(2026, 10, 1);

let db: FreshDatabase;
let prisma: PrismaClient;
let repo: IntelRepository;

const fetched = (observations: Observation[], headlines: Headline[] = []): FetchResult => ({
  observations,
  headlines,
  skipped: [],
});
const fg = (day: number, value: number, knownAt = D0 + day * DAY): Observation => ({
  seriesId: 'fear_greed.index',
  observedAt: D0 + day * DAY,
  knownAt,
  value,
});
const headline = (guid: string, publishedAt: number): Headline => ({
  source: 'coindesk',
  guid,
  title: `title ${guid}`,
  url: `https://example.test/${guid}`,
  publishedAt,
  knownAt: publishedAt,
});
const count = (table: string) =>
  withPg(db.url, async (c) => Number((await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n));

beforeAll(async () => {
  db = await createFreshDatabase('ot_intel_repo');
  await migrateDeploy(db.url);
  prisma = createPrisma(db.url);
  repo = createIntelRepository(repositoryDb({ prisma }));
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

it('stores new values, revises a changed one from its knownAt, and counts equal ones unchanged', async () => {
  const first = await repo.saveFetch('fear_greed', fetched([fg(0, 40), fg(1, 41)]), {
    startedAt: D0 + 2 * DAY,
    finishedAt: D0 + 2 * DAY,
  });
  expect(first.observations).toEqual({ inserted: 2, revised: 0, unchanged: 0 });
  // Day 1 is revised to 45, known only 10 days later; day 0 comes again unchanged.
  const second = await repo.saveFetch('fear_greed', fetched([fg(0, 40, D0 + 11 * DAY), fg(1, 45, D0 + 11 * DAY)]), {
    startedAt: D0 + 11 * DAY,
    finishedAt: D0 + 11 * DAY,
  });
  expect(second.observations).toEqual({ inserted: 0, revised: 1, unchanged: 1 });
  expect(await count('intel_observations')).toBe(3);

  // Known by day 5: the first value of day 1, not the revision.
  const early = await repo.listObservations({ seriesId: 'fear_greed.index', knownBy: D0 + 5 * DAY });
  expect(early.map((p) => p.value)).toEqual([40, 41]);
  const late = await repo.listObservations({ seriesId: 'fear_greed.index', knownBy: D0 + 12 * DAY });
  expect(late.map((p) => [p.value, p.knownAt])).toEqual([
    [40, D0],
    [45, D0 + 11 * DAY],
  ]);
  // limit keeps the newest periods, still ascending.
  expect((await repo.listObservations({ seriesId: 'fear_greed.index', limit: 1 })).map((p) => p.value)).toEqual([45]);

  // readForViews up to day 5 holds no row known later.
  const view = await repo.readForViews(D0 + 5 * DAY, D0 + 5 * DAY);
  expect(view.observations.map((o) => o.value)).toEqual([40, 41]);
  const viewLate = await repo.readForViews(D0 + 12 * DAY, D0 + 12 * DAY);
  expect(viewLate.observations.map((o) => o.value).sort()).toEqual([40, 41, 45]);

  expect((await repo.latestBySeries(D0 + 5 * DAY)).map((p) => [p.seriesId, p.value])).toEqual([
    ['fear_greed.index', 41],
  ]);
  expect(await repo.latestObservedAt('fear_greed.index')).toBe(D0 + DAY);
  expect(await repo.latestObservedAt('mempool.vsize')).toBeNull();
});

it('two readings of an instant series in one minute stay two rows, the second known from its fetch', async () => {
  const minute = D0 + 40 * DAY;
  const fee = (value: number): Observation => ({
    seriesId: 'mempool.fee_fastest',
    observedAt: minute,
    knownAt: minute,
    value,
  });
  await repo.saveFetch('mempool', fetched([fee(12)]), minute + 5_000);
  const second = await repo.saveFetch('mempool', fetched([fee(15)]), minute + 35_000);
  expect(second.observations).toEqual({ inserted: 0, revised: 1, unchanged: 0 });
  const rows = await repo.listObservations({ seriesId: 'mempool.fee_fastest', knownBy: minute + 60_000 });
  expect(rows.map((p) => [p.value, p.knownAt])).toEqual([[15, minute + 35_000]]);
  // Before the second fetch only the first reading was known.
  const before = await repo.listObservations({ seriesId: 'mempool.fee_fastest', knownBy: minute + 20_000 });
  expect(before.map((p) => p.value)).toEqual([12]);
});

it('deduplicates headlines by source and guid and hides those not yet known', async () => {
  const t = D0 + 20 * DAY;
  const a = await repo.saveFetch('news', fetched([], [headline('a', t), headline('b', t + HOUR)]), t + 2 * HOUR);
  expect(a.headlines).toEqual({ inserted: 2, duplicate: 0 });
  const b = await repo.saveFetch(
    'news',
    fetched([], [headline('b', t + HOUR), headline('c', t + 3 * HOUR)]),
    t + 4 * HOUR,
  );
  expect(b.headlines).toEqual({ inserted: 1, duplicate: 1 });
  expect((await repo.listHeadlines({ source: 'coindesk' })).map((h) => h.guid)).toEqual(['c', 'b', 'a']);
  // At t + 2h, 'c' (published at t + 3h) is not known yet.
  expect((await repo.readForViews(t + 2 * HOUR, t + 2 * HOUR)).headlines.map((h) => h.guid)).toEqual(['b', 'a']);
});

it('writes nothing, not even the run row, when one row of a fetch fails in the database', async () => {
  const before = [await count('intel_observations'), await count('intel_headlines'), await count('intel_sync_runs')];
  // A publication time past PostgreSQL's timestamp range: the headline insert fails after the observations.
  const bad = { ...headline('bad', 9.5e15) };
  await expect(repo.saveFetch('fear_greed', fetched([fg(30, 50)], [bad]), D0 + 31 * DAY)).rejects.toThrow();
  expect([await count('intel_observations'), await count('intel_headlines'), await count('intel_sync_runs')]).toEqual(
    before,
  );
  // An unknown series is refused before anything is written.
  const unknown = { ...fg(30, 50), seriesId: 'nope.series' } as unknown as Observation;
  await expect(repo.saveFetch('fear_greed', fetched([unknown]), D0)).rejects.toBeInstanceOf(UnknownSeriesError);
});

it('reports per provider its last success, last failure (key redacted) and counts', async () => {
  await repo.recordFailure(
    'fred',
    { kind: 'http', message: 'GET https://x.test/a?api_key=SECRET123&b=1 answered 500' },
    {
      startedAt: D0,
      finishedAt: D0 + 1000,
    },
  );
  const runs = await repo.lastRuns();
  expect(runs.map((r) => r.provider)).toEqual(
    expect.arrayContaining(['fear_greed', 'news', 'mempool', 'blockchain', 'defillama', 'fred']),
  );
  const fred = runs.find((r) => r.provider === 'fred')!;
  expect(fred).toMatchObject({ lastSuccessAt: null, lastFailureAt: D0 + 1000, lastErrorKind: 'http' });
  expect(fred.lastError).not.toContain('SECRET123');
  const fearGreed = runs.find((r) => r.provider === 'fear_greed')!;
  expect(fearGreed.lastSuccessAt).toBe(D0 + 11 * DAY);
  expect(fearGreed.lastCounts).toEqual({ inserted: 0, revised: 1, unchanged: 1, headlines: 0, skipped: 0 });
});
