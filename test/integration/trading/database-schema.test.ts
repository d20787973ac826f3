// A DATABASE_URL naming a schema (`?schema=`, Prisma's convention): migrations, Prisma's queries, the
// hand-written cycle SQL and the paper accounts all land in that schema, none in the default one.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { migrateDeploy, sqlFromPool, type Sql } from '../../../infra/adapters/db';
import { paperAccountId } from '../../../infra/adapters/exchange/venue-provider';
import { bundleWorkflows, TRADING_WORKFLOWS_PATH } from '../../../workers/workflow-bundle';
import type { TradingCycleInput } from '../../../workflows/trading-contract';
import { startTestWorker, type TestWorker } from '../test-worker';
import {
  CANDLE,
  cycleActivities,
  cycleDeps,
  cycleIdOf,
  cycleInput,
  runCycleOn,
  uniqueSession,
  type CycleDeps,
} from './cycle-harness';

jest.setTimeout(240_000);

const schema = `ot_alt_${randomUUID().slice(0, 8)}`;
const base = process.env.DATABASE_URL!;
const url = `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
const taskQueue = uniqueSession('db-schema-');
let deps: CycleDeps;
let worker: TestWorker;
let client: Client;
let admin: Sql;

beforeAll(async () => {
  admin = sqlFromPool(base);
  await migrateDeploy(url, { timeoutMs: 180_000 });
  deps = cycleDeps({ databaseUrl: url });
  worker = await startTestWorker({
    taskQueue,
    workflowBundle: await bundleWorkflows(TRADING_WORKFLOWS_PATH),
    activities: cycleActivities(deps),
  });
  client = worker.client;
});

afterAll(async () => {
  await worker?.stop();
  await deps?.close();
  await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin?.close();
});

const runCycle = (input: TradingCycleInput) => runCycleOn(client, taskQueue, deps, input);

test('a BUY cycle records its decision, signals, orders, trade, position, equity and paper account in the named schema only', async () => {
  const sessionId = uniqueSession('schema');
  const input = cycleInput(sessionId, CANDLE.buy);
  const r = await runCycle(input);
  expect(r.action).toBe('BUY');
  expect(r.order?.filled).toBeGreaterThan(0);
  const count = async (where: string, table: string, column: string, value: string) =>
    Number(
      (
        await admin.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${where}"."${table}" WHERE ${column} = $1`, [
          value,
        ])
      )[0].n,
    );
  const cycleId = cycleIdOf(input);
  for (const [table, column, value, n] of [
    ['decisions', 'id', cycleId, 1],
    ['agent_signals', 'decision_id', cycleId, 5],
    ['orders', 'decision_id', cycleId, 3],
    ['trades', 'session_id', sessionId, 1],
    ['positions', 'session_id', sessionId, 1],
    ['equity_snapshots', 'session_id', sessionId, 1],
    ['paper_accounts', 'id', paperAccountId(sessionId), 1],
  ] as const) {
    expect([table, await count(schema, table, column, value)]).toEqual([table, n]);
    // Nothing leaked into the connection's default schema.
    expect([table, await count('public', table, column, value)]).toEqual([table, 0]);
  }
  // A second cycle reads back what the first wrote there (the open position and its protection).
  const hold = await runCycle(cycleInput(sessionId, CANDLE.hold));
  expect(hold.action).toBe('HOLD');
  expect(await count(schema, 'equity_snapshots', 'session_id', sessionId)).toBe(2);
});
