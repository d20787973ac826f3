// intelSync on the real stack: the schedules follow the config, a scheduled run stores the
// provider's values point in time, a provider that is down is a completed run that records why (the
// next run succeeds), and the run's history is recorded for the replay test.
import type { Client } from '@temporalio/client';
import { ScheduleNotFoundError } from '@temporalio/client';
import { IntelConfigSchema, type IntelConfig } from '../../../core/config/intel-config-schema';
import { ConfigSchema } from '../../../core/config/schema';
import { createIntelActivities } from '../../../activities/intel';
import type { ActivityDeps } from '../../../activities/deps';
import { createPrisma, migrateDeploy, type PrismaClient } from '../../../infra/adapters/db';
import { createIntelRepository } from '../../../infra/adapters/db/repositories/intel';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import { reconcileIntelSchedules } from '../../../infra/services/intel/intel-schedules';
import { intelScheduleId, type IntelSyncResult } from '../../../workflows/intel-sync-contract';
import { saveHistory } from '../../histories/save-history';
import { startMempoolServer, type MempoolServer } from '../../fixtures/intel/mempool-server';
import { startTestWorker, type TestWorker } from '../test-worker';
import { createFreshDatabase, type FreshDatabase } from '../db/fresh-database';

jest.setTimeout(120_000);

const TASK_QUEUE = 'it-intel-sync';
let db: FreshDatabase;
let prisma: PrismaClient;
let server: MempoolServer;
let worker: TestWorker;
let client: Client;

/** Only mempool enabled, pointed at the local server; every other provider off. */
function intelConfig(mempoolEnabled: boolean): IntelConfig {
  const off = { enabled: false };
  return IntelConfigSchema.parse({
    timeoutMs: 2_000,
    fear_greed: off,
    news: off,
    blockchain: off,
    defillama: off,
    fred: off,
    mempool: { enabled: mempoolEnabled, intervalMinutes: 60, baseUrl: server.url },
  });
}

beforeAll(async () => {
  // A database of its own: other files store mempool readings of the same minute in the shared one,
  // and this file counts what its runs inserted.
  db = await createFreshDatabase('ot_intel_sync_wf');
  await migrateDeploy(db.url);
  prisma = createPrisma(db.url);
  server = await startMempoolServer({ seed: 7 });
  const config = ConfigSchema.parse({ gateway: { token: 'x'.repeat(32) }, intel: intelConfig(true) });
  const repos = { intel: createIntelRepository(repositoryDb({ prisma })) };
  const deps = { config, log: () => undefined } as unknown as ActivityDeps;
  worker = await startTestWorker({ taskQueue: TASK_QUEUE, activities: createIntelActivities(deps, repos) });
  client = worker.client;
});

afterAll(async () => {
  await client?.schedule
    .getHandle(intelScheduleId('mempool'))
    .delete()
    .catch(() => undefined);
  await worker?.stop();
  await server?.close();
  await prisma?.$disconnect();
  await db?.drop();
});

/** Waits for the schedule's n-th run and returns its id and result. */
async function nthRun(n: number): Promise<{ workflowId: string; runId: string; result: IntelSyncResult }> {
  const handle = client.schedule.getHandle(intelScheduleId('mempool'));
  for (let i = 0; i < 300; i++) {
    const actions = (await handle.describe()).info.recentActions;
    if (actions.length >= n) {
      const { workflowId, firstExecutionRunId: runId } = actions[n - 1].action.workflow;
      const result = (await client.workflow.getHandle(workflowId, runId).result()) as IntelSyncResult;
      return { workflowId, runId, result };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the schedule did not start run ${n}`);
}

it('creates the enabled providers schedules, runs one at once, stores its values, and records a failed provider', async () => {
  const since = Date.now();
  // A schedule left in this Temporal by an earlier run of this file that did not get to its cleanup.
  await client.schedule
    .getHandle(intelScheduleId('mempool'))
    .delete()
    .catch(() => undefined);
  const changes = await reconcileIntelSchedules(client, intelConfig(true), TASK_QUEUE);
  expect(changes.created).toEqual(['mempool']);

  // The schedule triggers immediately: the first run fetches and stores the five mempool series.
  const first = await nthRun(1);
  expect(first.result).toMatchObject({ provider: 'mempool', ok: true });
  expect(first.result.error).toBeUndefined();
  expect(first.result.observations.inserted + first.result.observations.unchanged).toBe(5);
  await saveHistory(client, first.workflowId, 'intel-sync', first.runId);

  const rows = await prisma.intelObservation.findMany({
    where: { seriesId: 'mempool.fee_fastest', fetchedAt: { gte: new Date(since) } },
  });
  // the value the server answered, known from the fetch
  expect(rows.map((r) => r.value)).toContain(Number(server.state.fees.fastestFee));

  // Every endpoint down: the run completes (no workflow failure) and says why; the run row records it.
  for (const p of ['/api/v1/fees/recommended', '/api/mempool', '/api/blocks/tip/height'])
    server.setFault(p, { kind: 'status', status: 503 });
  await client.schedule.getHandle(intelScheduleId('mempool')).trigger();
  const second = await nthRun(2);
  expect(second.result).toMatchObject({ provider: 'mempool', ok: false, error: { kind: 'http' } });
  const status = (await createIntelRepository(repositoryDb({ prisma })).lastRuns()).find(
    (r) => r.provider === 'mempool',
  );
  expect(status?.lastFailureAt).toBeGreaterThanOrEqual(since);
  expect(status?.lastError).toMatch(/503/);

  // Up again: the next run succeeds without anything done by hand.
  for (const p of ['/api/v1/fees/recommended', '/api/mempool', '/api/blocks/tip/height']) server.setFault(p, null);
  await client.schedule.getHandle(intelScheduleId('mempool')).trigger();
  expect((await nthRun(3)).result.ok).toBe(true);
});

it('updates the interval of an existing schedule and deletes the schedule of a provider turned off', async () => {
  const faster = { ...intelConfig(true), mempool: { ...intelConfig(true).mempool, intervalMinutes: 5 } };
  expect(await reconcileIntelSchedules(client, faster, TASK_QUEUE)).toEqual({
    created: [],
    updated: ['mempool'],
    deleted: [],
  });
  const spec = (await client.schedule.getHandle(intelScheduleId('mempool')).describe()).spec;
  expect(spec.intervals?.[0].every).toBe(5 * 60_000);

  expect((await reconcileIntelSchedules(client, intelConfig(false), TASK_QUEUE)).deleted).toEqual(['mempool']);
  await expect(client.schedule.getHandle(intelScheduleId('mempool')).describe()).rejects.toBeInstanceOf(
    ScheduleNotFoundError,
  );
});
