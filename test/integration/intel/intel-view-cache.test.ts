// The live snapshot's intelligence view on the real PostgreSQL and Redis: viewAt(t) holds only what
// was known by t (a revision known later is not in it), is stored in Redis for every other session
// closing at t, and falls back to the database when Redis fails.
import Redis from 'ioredis';
import { latestPoint } from '../../../core/intel/intel-view';
import { createPrisma, migrateDeploy, type PrismaClient } from '../../../infra/adapters/db';
import { createIntelRepository } from '../../../infra/adapters/db/repositories/intel';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import { createIntelViewCache, intelViewKey } from '../../../infra/adapters/intel/intel-view-cache';
import { createFreshDatabase, type FreshDatabase } from '../db/fresh-database';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A database of its own: the rows stored here never reach another file's readers. The days are years
// back, and Redis keys are per candle close, so other files' views are not these either.
const day0 = Date.UTC(2019, 0, 1) + Math.floor(Math.random() * 300) * DAY;
const t = day0 + 4 * DAY + 12 * HOUR;

let db: FreshDatabase;
let prisma: PrismaClient;
let redis: Redis;

beforeAll(async () => {
  db = await createFreshDatabase('ot_intel_view');
  await migrateDeploy(db.url);
  prisma = createPrisma(db.url);
  redis = new Redis(process.env.REDIS_URL!);
  const repo = createIntelRepository(repositoryDb({ prisma }));
  const obs = (i: number, value: number, knownAt: number) => ({
    seriesId: 'fear_greed.index' as const,
    observedAt: day0 + i * DAY,
    knownAt,
    value,
  });
  const fetched = (observations: ReturnType<typeof obs>[]) => ({ observations, headlines: [], skipped: [] });
  await repo.saveFetch('fear_greed', fetched([0, 1, 2, 3, 4].map((i) => obs(i, 20 + i, day0 + i * DAY + HOUR))), day0);
  // A later fetch revises day 4 after t: the view at t keeps the value first published.
  await repo.saveFetch('fear_greed', fetched([obs(4, 99, t + HOUR)]), t + HOUR);
  await redis.del(intelViewKey(t), intelViewKey(t + 2 * HOUR));
});

afterAll(async () => {
  redis?.disconnect();
  await prisma?.$disconnect();
  await db?.drop();
});

test('the view at t holds what was known by t, and is stored in Redis for the next reader', async () => {
  const repo = createIntelRepository(repositoryDb({ prisma }));
  let reads = 0;
  const counted = { readForViews: (from: number, to: number) => (reads++, repo.readForViews(from, to)) };
  const cache = createIntelViewCache(counted, redis);
  const view = await cache.viewAt(t);
  expect(latestPoint(view, 'fear_greed.index')).toEqual({
    observedAt: day0 + 4 * DAY,
    knownAt: day0 + 4 * DAY + HOUR,
    value: 24,
  });
  expect(view?.series['fear_greed.index']?.map((p) => p.value)).toEqual([20, 21, 22, 23, 24]);
  expect(JSON.parse((await redis.get(intelViewKey(t)))!)).toEqual(view);
  expect(await redis.ttl(intelViewKey(t))).toBeGreaterThan(3600);

  // A second session closing at t: from Redis, no database read.
  expect(await cache.viewAt(t)).toEqual(view);
  expect(reads).toBe(1);

  // Later, the revision is known: a view at a later close has it.
  const later = await cache.viewAt(t + 2 * HOUR);
  expect(latestPoint(later, 'fear_greed.index')?.value).toBe(99);
  expect(reads).toBe(2);
});

test('Redis down: the view comes from the database, and the failure is one log line', async () => {
  const dead = new Redis('redis://127.0.0.1:1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  dead.on('error', () => undefined);
  const lines: string[] = [];
  const cache = createIntelViewCache(createIntelRepository(repositoryDb({ prisma })), dead, (l) => lines.push(l));
  const view = await cache.viewAt(t);
  expect(latestPoint(view, 'fear_greed.index')?.value).toBe(24);
  expect(lines.some((l) => l.startsWith('intel view cache: Redis read failed'))).toBe(true);
  dead.disconnect();
});
