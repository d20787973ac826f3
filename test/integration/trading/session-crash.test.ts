// Crash safety of a running sim paper session, with real processes: the worker SIGKILLed at random
// points and restarted, then the Temporal server itself restarted mid-session (its DB file kept).
// Both tests run against a Temporal dev server of this file's own, so the real worker's fixed task
// queue (opentrade-trading) cannot collide with any other test file.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { cycleClientOrderId } from '../../../activities/order-ids';
import { readAccount } from '../../../activities/session-venue';
import { createPrisma } from '../../../infra/adapters/db';
import { SessionVenueProvider } from '../../../infra/adapters/exchange/venue-provider';
import { createSimExchange } from '../../../infra/adapters/exchange/sim-factory';
import { statusQuery } from '../../../workflows/definitions';
import { sessionWorkflowId } from '../../../workflows/trading-contract';
import { tradingSession, type TradingSessionResult } from '../../../workflows/trading-session';
import { TASK_QUEUES } from '../../../workflows/definitions';
import { TemporalServer, WorkerProcess } from './session-processes';
import { sessionInput, uniqueId, until } from './session-harness';

jest.setTimeout(600_000);

const home = mkdtempSync(path.join(os.tmpdir(), 'ot-crash-home-'));
const temporal = new TemporalServer();
const prisma = createPrisma(process.env.DATABASE_URL!);
let worker: WorkerProcess;

const connect = async () => new Client({ connection: await Connection.connect({ address: temporal.address }) });

beforeAll(async () => {
  await temporal.start();
  worker = new WorkerProcess({
    ...process.env,
    TEMPORAL_ADDRESS: temporal.address,
    OPENTRADE_HOME: home,
    OPENTRADE_CONFIG: path.join(home, 'opentrade.config.json'), // absent: the worker trades with the defaults (sim)
    OPENTRADE_SIM_SPEED: '300', // 1m candles close every 200 ms of wall time
    OPENTRADE_SIM_SEED: '5',
  });
  await worker.start();
});

afterAll(async () => {
  await worker?.kill();
  await temporal.stop();
  await prisma.$disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function assertBooksConsistent(sessionId: string, expectedCycles: number) {
  const decisions = await prisma.decision.findMany({ where: { sessionId }, orderBy: { candleTime: 'asc' } });
  // Every decision recorded once: one row per cycle, no candle twice per symbol.
  expect(decisions).toHaveLength(expectedCycles);
  const perSymbol = new Map<string, Set<number>>();
  for (const d of decisions)
    perSymbol.set(d.symbol, (perSymbol.get(d.symbol) ?? new Set()).add(d.candleTime.getTime()));
  expect([...perSymbol.values()].reduce((n, s) => n + s.size, 0)).toBe(expectedCycles);

  // One order per approved BUY/SELL, under the id derived from its cycle: an entry, or for an exit
  // (reduce-only verdict) a close — none when the position was already gone. Nothing for the rest.
  const orders = await prisma.order.findMany({
    where: { sessionId, purpose: { in: ['entry', 'close'] }, decisionId: { not: null } },
  });
  let approved = 0;
  for (const d of decisions) {
    const v = d.riskVerdict as { verdict?: string; reduceOnly?: boolean } | null;
    const mine = orders.filter((o) => o.decisionId === d.id).map((o) => o.clientOrderId);
    if (d.action !== 'HOLD' && (v?.verdict === 'approve' || v?.verdict === 'resize')) {
      approved += 1;
      if (v.reduceOnly) expect(mine).toEqual(mine.length ? [cycleClientOrderId(d.id, 'close')] : []);
      // An entry the venue refused (e.g. a size that rounds to zero) is no order; its cycle says it compensated.
      else if (mine.length === 0) expect(d.summary).toMatch(/compensated/);
      else expect(mine).toEqual([cycleClientOrderId(d.id, 'entry')]);
    } else {
      expect(mine).toEqual([]);
    }
  }
  // On the venue too: the paper account holds no order the database does not know.
  const account = `session-${sessionId}`;
  const paperOrders = await prisma.paperOrder.findMany({ where: { accountId: account } });
  const known = new Set((await prisma.order.findMany({ where: { sessionId } })).map((o) => o.clientOrderId));
  expect(paperOrders.filter((o) => !known.has(o.clientOrderId)).map((o) => o.clientOrderId)).toEqual([]);
  // No position the database did not know: reconciliation never had to add one.
  expect(
    await prisma.reconciliationEvent.count({
      where: { sessionId, kind: { in: ['position_missing_in_db', 'order_missing_in_db'] } },
    }),
  ).toBe(0);
  return { decisions: decisions.length, approved, entryOrders: orders.length };
}

test('the worker SIGKILLed at random points: the session finishes with every decision once and one order per approval', async () => {
  const client = await connect();
  const id = uniqueId('crash');
  const input = sessionInput(id, { symbols: ['BTC/USDT', 'ETH/USDT'], maxCycles: 10, reconcileEvery: 3 });
  const h = await client.workflow.start(tradingSession, {
    taskQueue: TASK_QUEUES.trading,
    workflowId: sessionWorkflowId(id),
    args: [input],
  });
  for (let kill = 0; kill < 4; kill++) {
    await sleep(300 + Math.floor(Math.random() * 2500));
    await worker.kill('SIGKILL');
    await sleep(Math.floor(Math.random() * 500));
    await worker.start();
  }
  const result = await h.result();
  expect(result.status).toBe('stopped');
  expect(result.state.cyclesRun).toBe(20);
  const counts = await assertBooksConsistent(id, 20);

  // What the venue holds, the database holds as open positions (and nothing else).
  const sim = createSimExchange({ clockFile: path.join(home, 'sim-clock.json') });
  const venue = await new SessionVenueProvider({ prisma, marketData: async () => sim }).forSession({
    sessionId: id,
    mode: 'paper',
    exchange: 'sim',
  });
  const held = (await readAccount(venue, input.symbols)).positions.map((p) => p.symbol).sort();
  const open = (await prisma.position.findMany({ where: { sessionId: id, status: 'open' } }))
    .map((p) => p.symbol)
    .sort();
  expect(open).toEqual(held);
  process.stdout.write(
    `crash test: ${worker.starts - 1} worker restarts, ${JSON.stringify(counts)}, held ${held.join(',') || 'nothing'}\n`,
  );
});

test('the Temporal server restarted mid-session (DB file kept): the session goes on', async () => {
  let client = await connect();
  const id = uniqueId('tsrv');
  const h = await client.workflow.start(tradingSession, {
    taskQueue: TASK_QUEUES.trading,
    workflowId: sessionWorkflowId(id),
    args: [sessionInput(id, { maxCycles: 8 })],
  });
  await until('two cycles', async () => (await h.query(statusQuery)).state.cyclesRun >= 2, 120_000);
  await temporal.stop('SIGTERM');
  await sleep(1000);
  await temporal.start();
  client = await connect();
  const result = (await until(
    'the session result after the restart',
    () => client.workflow.getHandle(sessionWorkflowId(id)).result(),
    240_000,
    1000,
  )) as TradingSessionResult;
  expect(result.status).toBe('stopped');
  expect(result.state.cyclesRun).toBe(8);
  await assertBooksConsistent(id, 8);
});
