// The nightly review as a real Temporal Schedule: bad cron refused before anything exists; create,
// pause, unpause, trigger (the review computes live performance from recorded trades and evolves),
// update and delete.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createEvolutionActivities } from '../../../activities/evolution';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { DomainError } from '../../../core/errors';
import {
  deleteEvolutionSchedule,
  describeEvolutionSchedule,
  evolutionScheduleId,
  pauseEvolutionSchedule,
  triggerEvolutionSchedule,
  unpauseEvolutionSchedule,
  upsertEvolutionSchedule,
} from '../../../infra/services/evolution/schedule';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';
import type { EvolutionResult, EvolutionWorkflowInput } from '../../../workflows/evolution-contract';
import { HOUR, triangleSeries } from '../../unit/optimizer/fixtures/series';
import { swingStrategy } from '../../unit/optimizer/fixtures/swing-strategy';
import { createStrategyRow, importSeries, SWING_STRATEGY_FILE } from './fixtures/stack';

jest.setTimeout(180_000);

const TASK_QUEUE = 'it-evolution-schedule';
const key = { exchange: 'it-evolution-schedule', symbol: 'SWING/USDT', timeframe: '1h' };
const NAME = 'sched-swing';

let prisma: PrismaClient;
let connection: Connection;
let client: Client;
let worker: Worker;
let running: Promise<void>;

const request: EvolutionWorkflowInput = {
  strategy: NAME,
  ...key,
  window: { trainDays: 40, oosDays: 20 },
  oosWindows: 2,
  genetic: { populationSize: 16, generations: 5, seed: 3 },
  review: true,
};

beforeAll(async () => {
  prisma = createPrisma(process.env.DATABASE_URL);
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  client = new Client({ connection });
  // Candles up to now: the review's windows trail the moment it runs.
  const n = 70 * 24;
  const start = Math.floor(Date.now() / HOUR) * HOUR - n * HOUR;
  await importSeries(prisma, key, triangleSeries(n + 48, 20, HOUR, start));
  await createStrategyRow(prisma, NAME, SWING_STRATEGY_FILE, swingStrategy.defaults);
  // Recorded live trades: 3 wins, 1 loss.
  const day = 86_400_000;
  const trades = [2, -1, 3, 1].map((pct, i) => ({
    strategyId: NAME,
    symbol: key.symbol,
    side: 'long',
    action: 'BUY',
    status: 'closed',
    entryPrice: '100',
    exitPrice: String(100 + pct),
    quantity: '1',
    pnl: String(pct),
    pnlPercent: String(pct),
    openedAt: new Date(Date.now() - (10 - i) * day),
    closedAt: new Date(Date.now() - (9 - i) * day),
  }));
  await prisma.trade.createMany({ data: trades });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
    taskQueue: TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    activities: createEvolutionActivities({ prisma }),
  });
  running = worker.run();
});

afterAll(async () => {
  await deleteEvolutionSchedule(client, NAME).catch(() => undefined);
  worker?.shutdown();
  await running;
  await connection?.close();
  await prisma?.$disconnect();
});

/** By describe, not list: the schedule list is eventually consistent, describe is not. */
async function scheduleExists(): Promise<boolean> {
  return client.schedule
    .getHandle(evolutionScheduleId(NAME))
    .describe()
    .then(
      () => true,
      (e: Error) => {
        if (e.name === 'ScheduleNotFoundError') return false;
        throw e;
      },
    );
}

it('a cron expression that does not parse is refused and no schedule is created', async () => {
  for (const bad of ['61 2 * * *', '0 2 * *', 'every night']) {
    const err = await upsertEvolutionSchedule(client, request, { cron: bad, taskQueue: TASK_QUEUE }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    expect((err as Error).message).toContain(`cron expression "${bad}"`);
  }
  expect(await scheduleExists()).toBe(false);
});

it('pausing, triggering or deleting a schedule that does not exist says so', async () => {
  await expect(pauseEvolutionSchedule(client, 'no-such')).rejects.toThrow(
    /no nightly evolution schedule for strategy "no-such"/,
  );
  await expect(triggerEvolutionSchedule(client, 'no-such')).rejects.toThrow(/no nightly evolution schedule/);
  await expect(deleteEvolutionSchedule(client, 'no-such')).rejects.toThrow(/no nightly evolution schedule/);
});

it('create, pause, unpause, trigger the review, update, delete', async () => {
  expect(await upsertEvolutionSchedule(client, request, { cron: '0 2 * * *', taskQueue: TASK_QUEUE })).toEqual({
    scheduleId: evolutionScheduleId(NAME),
    created: true,
  });
  let d = await describeEvolutionSchedule(client, NAME);
  expect(d.paused).toBe(false);
  expect(d.request).toEqual(request);
  expect(d.cron).toEqual(['0 2 * * *']);
  expect(new Date(d.nextRuns[0]).getUTCHours()).toBe(2);

  await pauseEvolutionSchedule(client, NAME);
  expect((await describeEvolutionSchedule(client, NAME)).paused).toBe(true);
  await unpauseEvolutionSchedule(client, NAME);
  expect((await describeEvolutionSchedule(client, NAME)).paused).toBe(false);

  await triggerEvolutionSchedule(client, NAME);
  let workflowId = '';
  for (const t0 = Date.now(); !workflowId;) {
    if (Date.now() - t0 > 30_000) throw new Error('the triggered review did not start within 30 s');
    d = await describeEvolutionSchedule(client, NAME);
    workflowId = d.recentRuns[0]?.workflowId ?? '';
    if (!workflowId) await new Promise((r) => setTimeout(r, 200));
  }
  expect(workflowId).toMatch(new RegExp(`^evolution-${NAME}-\\d{4}-\\d{2}-\\d{2}T`));
  const result = (await client.workflow.getHandle(workflowId).result()) as EvolutionResult;
  // Live performance from the four recorded trades, stored on the version that traded them.
  expect(result.live).toMatchObject({ trades: 4, winRatePct: 75, totalPnl: 5 });
  const v1 = await prisma.strategy.findUniqueOrThrow({ where: { name_version: { name: NAME, version: 1 } } });
  expect((v1.performance as { live: { trades: number } }).live.trades).toBe(4);
  // The triangle wave makes evolved parameters clearly better than the defaults: promoted to v2.
  expect(result.promoted).toBe(true);
  const versions = await prisma.strategy.findMany({ where: { name: NAME }, orderBy: { version: 'asc' } });
  expect(versions.map((v) => [v.version, v.status, v.parentVersion])).toEqual([
    [1, 'retired', null],
    [2, 'active', 1],
  ]);
  expect(versions[1].parameters).toEqual(result.bestParams);

  expect(await upsertEvolutionSchedule(client, request, { cron: '30 3 * * *', taskQueue: TASK_QUEUE })).toMatchObject({
    created: false,
  });
  d = await describeEvolutionSchedule(client, NAME);
  expect(new Date(d.nextRuns[0]).getUTCMinutes()).toBe(30);
  expect(d.cron).toEqual(['30 3 * * *']);

  await deleteEvolutionSchedule(client, NAME);
  expect(await scheduleExists()).toBe(false);
  await expect(describeEvolutionSchedule(client, NAME)).rejects.toThrow(/no nightly evolution schedule/);
});
