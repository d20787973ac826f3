// syncProvider with the real Fear & Greed provider against its local fake server and a real
// PostgreSQL: the first sync backfills, a later one fetches the latest, a provider failure is a
// recorded ok:false (never a throw), a database failure throws, skipped items are logged.
import { createPrisma, migrateDeploy, type PrismaClient } from '../../../infra/adapters/db';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import { createIntelRepository, type IntelRepository } from '../../../infra/adapters/db/repositories/intel';
import { createFearGreedProvider } from '../../../infra/adapters/intel/fear-greed';
import { syncProvider } from '../../../infra/services/intel/sync-provider';
import {
  fearGreedDays,
  fearGreedItem,
  startFearGreedServer,
  utcDay,
  type FearGreedServer,
} from '../../fixtures/intel/fear-greed-server';
import { createFreshDatabase, type FreshDatabase } from '../db/fresh-database';

jest.setTimeout(120_000);

const DAY = 86_400_000;

let db: FreshDatabase;
let prisma: PrismaClient;
let repo: IntelRepository;
let server: FearGreedServer;

beforeAll(async () => {
  db = await createFreshDatabase('ot_intel_sync');
  await migrateDeploy(db.url);
  prisma = createPrisma(db.url);
  repo = createIntelRepository(repositoryDb({ prisma }));
  server = await startFearGreedServer({ days: fearGreedDays(30, Date.now()) });
});
afterAll(async () => {
  await server?.close();
  await prisma?.$disconnect();
  await db?.drop();
});

const provider = () => createFearGreedProvider({ baseUrl: server.url, timeoutMs: 1000, sleep: async () => {} });

it('backfills on the first sync, then stores only what is new', async () => {
  const first = await syncProvider({ provider: provider(), repo }, { backfillDays: 10 });
  expect(first.ok).toBe(true);
  // 10 days back from now, inclusive of today's value: 10 or 11 days depending on the boundary.
  expect(first.observations.inserted).toBeGreaterThanOrEqual(10);
  expect(first.observations.inserted).toBeLessThanOrEqual(11);
  const stored = await repo.listObservations({ seriesId: 'fear_greed.index' });
  expect(stored[stored.length - 1].observedAt).toBe(utcDay(Date.now()));

  const second = await syncProvider({ provider: provider(), repo }, { backfillDays: 10 });
  expect(second.observations.inserted).toBe(0);
  expect(second.observations.unchanged).toBeGreaterThan(0);
  expect((await repo.lastRuns()).find((r) => r.provider === 'fear_greed')!.lastSuccessAt).toBe(second.finishedAt);
});

it('records a provider failure and returns ok:false without throwing', async () => {
  server.setFault('/fng/', { status: 503, body: 'down' });
  try {
    const out = await syncProvider({ provider: provider(), repo }, { backfillDays: 10 });
    expect(out.ok).toBe(false);
    expect(out.error?.kind).toBe('http');
    const run = (await repo.lastRuns()).find((r) => r.provider === 'fear_greed')!;
    expect(run.lastFailureAt).toBe(out.finishedAt);
    expect(run.lastErrorKind).toBe('http');
  } finally {
    server.setFault('/fng/', null);
  }
});

it('logs each skipped item with its reason', async () => {
  const today = utcDay(Date.now());
  server.setRawItems([
    { ...fearGreedItem({ time: today, value: 50 }), value: 'abc' },
    fearGreedItem({ time: today - DAY, value: 33 }),
  ]);
  try {
    const lines: string[] = [];
    const out = await syncProvider({ provider: provider(), repo, log: (l) => lines.push(l) }, { backfillDays: 10 });
    expect(out.ok).toBe(true);
    expect(out.skipped.length).toBe(1);
    expect(lines.filter((l) => l.includes('skipped'))).toEqual([
      `intel fear_greed: skipped ${out.skipped[0].what}: ${out.skipped[0].reason}`,
    ]);
  } finally {
    server.setRawItems(null);
  }
});

it('throws when the database is unreachable', async () => {
  const gone = createPrisma('postgresql://nobody:x@127.0.0.1:1/none');
  try {
    const deadRepo = createIntelRepository(repositoryDb({ prisma: gone }));
    await expect(syncProvider({ provider: provider(), repo: deadRepo }, { backfillDays: 10 })).rejects.toThrow();
  } finally {
    await gone.$disconnect();
  }
});
