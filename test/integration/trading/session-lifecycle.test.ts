// tradingSession on the real stack: cycles on the sim clock, continue-as-new, pause/resume, stop,
// kill (flatten), status query and reconciliation at start.
import type { Client } from '@temporalio/client';
import { createActivities } from '../../../activities';
import { startTestWorker, type TestWorker } from '../test-worker';
import { saveHistory } from '../../histories/save-history';
import {
  killSignal,
  pauseSignal,
  resumeSignal,
  SEARCH_ATTRIBUTE_KEYS as SA,
  statusQuery,
  stopSignal,
} from '../../../workflows/definitions';
import { tradingSession } from '../../../workflows/trading-session';
import { sessionWorkflowId } from '../../../workflows/trading-contract';
import { sessionDeps, sessionInput, uniqueId, until } from './session-harness';

jest.setTimeout(240_000);

const taskQueue = uniqueId('session-lifecycle-');
let deps: ReturnType<typeof sessionDeps>;
let testWorker: TestWorker;
let client: Client;

beforeAll(async () => {
  // 1m candles at speed 300: a candle closes every 200 ms of wall time.
  deps = sessionDeps(300);
  testWorker = await startTestWorker({ taskQueue, activities: createActivities(deps) });
  client = testWorker.client;
});

afterAll(async () => {
  await testWorker?.stop();
  await deps?.close();
});

const start = (sessionId: string, over: Parameters<typeof sessionInput>[1] = {}) =>
  client.workflow.start(tradingSession, {
    taskQueue,
    workflowId: sessionWorkflowId(sessionId),
    args: [sessionInput(sessionId, over)],
  });

test('a paper session on the sim runs its cycles, one decision per candle, and ends', async () => {
  const id = uniqueId('life');
  const h = await start(id, { maxCycles: 3 });
  const result = await h.result();
  expect(result.status).toBe('stopped');
  expect(result.state.cyclesRun).toBe(3);
  const decisions = await deps.prisma.decision.findMany({ where: { sessionId: id }, orderBy: { candleTime: 'asc' } });
  expect(decisions).toHaveLength(3);
  // Every decision is on its own, later candle close.
  const times = decisions.map((d) => d.candleTime.getTime());
  expect(new Set(times).size).toBe(3);
  expect(times.every((t) => t % 60_000 === 0)).toBe(true);
  const row = await deps.prisma.tradingSession.findUnique({ where: { id } });
  expect(row?.status).toBe('stopped');
  // The Temporal UI lists the session by its search attributes, and its cycles beside it.
  const listed = async (kind: string) => {
    const ids: string[] = [];
    for await (const w of client.workflow.list({
      query: `${SA.session.name} = '${id}' AND ${SA.kind.name} = '${kind}'`,
    }))
      ids.push(w.workflowId);
    return ids;
  };
  expect(
    await until('the session in visibility', async () => (await listed('session')).length > 0 && listed('session')),
  ).toEqual([sessionWorkflowId(id)]);
  expect(await until('the cycles in visibility', async () => (await listed('cycle')).length === 3)).toBe(true);
  expect(row?.stoppedAt).not.toBeNull();
  await saveHistory(client, sessionWorkflowId(id), 'trading-session');
});

test('continue-as-new carries the state: cycles go on counting and no candle runs twice', async () => {
  const id = uniqueId('can');
  const h = await start(id, { maxCycles: 4, roundsPerRun: 1 });
  const result = await h.result();
  expect(result.state.cyclesRun).toBe(4);
  const desc = await client.workflow.getHandle(sessionWorkflowId(id)).describe();
  expect(desc.runId).not.toBe(h.firstExecutionRunId); // it really continued as new
  const decisions = await deps.prisma.decision.findMany({ where: { sessionId: id } });
  expect(decisions).toHaveLength(4);
  expect(new Set(decisions.map((d) => d.candleTime.getTime())).size).toBe(4);
  await saveHistory(client, sessionWorkflowId(id), 'trading-session-continued', h.firstExecutionRunId);
});

test('pause stops new entries and shows in status; resume and stop end it gracefully', async () => {
  const id = uniqueId('pause');
  const h = await start(id);
  const first = await until('a first cycle', async () => {
    const s = await h.query(statusQuery);
    return s.state.cyclesRun >= 1 && s;
  });
  expect(first.state.lastDecision?.symbol).toBe('BTC/USDT');
  expect(typeof first.pnlToday).toBe('number');
  expect(first.equity).toBeGreaterThan(0);

  await h.signal(pauseSignal, 'test pause');
  const paused = await until('paused status', async () => {
    const s = await h.query(statusQuery);
    return s.state.status === 'paused' && s;
  });
  expect(paused.state.pauseReason).toBe('test pause');
  // Cycles started after the pause run exits-only: no entry order for their candles.
  const pausedAt = paused.state.cyclesRun;
  await until('cycles while paused', async () => (await h.query(statusQuery)).state.cyclesRun >= pausedAt + 3);
  const afterPause = await deps.prisma.decision.findMany({
    where: { sessionId: id },
    orderBy: { candleTime: 'asc' },
    skip: pausedAt + 1,
  });
  const entries = await deps.prisma.order.count({
    where: { sessionId: id, purpose: 'entry', decisionId: { in: afterPause.map((d) => d.id) } },
  });
  expect(entries).toBe(0);

  await h.signal(resumeSignal);
  await until('running again', async () => (await h.query(statusQuery)).state.status === 'running');
  await h.signal(stopSignal, 'test over');
  const result = await h.result();
  expect(result).toMatchObject({ status: 'stopped', reason: 'test over' });
});

test('reconcile at start records what the DB did not know; kill flattens everything', async () => {
  const id = uniqueId('kill');
  // Before the session starts, its paper account already holds BTC and rests a limit order the DB knows nothing of.
  const venue = await deps.venues.forSession({ sessionId: id, mode: 'paper', exchange: 'sim' });
  const price = (await venue.fetchTicker('BTC/USDT')).last;
  await venue.createOrder({
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'market',
    amount: 0.01,
    clientOrderId: `pre-${id}-m`,
  });
  await venue.createOrder({
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'limit',
    amount: 0.01,
    price: Math.round(price * 0.5),
    clientOrderId: `pre-${id}-l`,
  });

  const h = await start(id);
  await until(
    'the start reconciliation',
    async () => (await deps.prisma.reconciliationEvent.count({ where: { sessionId: id } })) >= 2,
  );
  const kinds = (await deps.prisma.reconciliationEvent.findMany({ where: { sessionId: id } }))
    .map((e) => e.kind)
    .sort();
  expect(kinds).toEqual(['order_missing_in_db', 'position_missing_in_db']);
  const status = await until('status with the position', async () => {
    const s = await h.query(statusQuery);
    return s.positions.length > 0 && s;
  });
  expect(status.positions[0]).toMatchObject({ symbol: 'BTC/USDT', side: 'long' });

  await h.signal(killSignal, 'test kill');
  const result = await h.result();
  expect(result.status).toBe('killed');
  expect(await venue.fetchOpenOrders('BTC/USDT')).toEqual([]);
  const balances = await venue.fetchBalance();
  expect(balances.BTC?.total ?? 0).toBeLessThan(1e-5);
  expect(await deps.prisma.position.count({ where: { sessionId: id, status: 'open' } })).toBe(0);
  expect(await deps.prisma.order.count({ where: { sessionId: id, status: 'open' } })).toBe(0);
  expect((await deps.prisma.tradingSession.findUnique({ where: { id } }))?.status).toBe('killed');
});

test('the daily loss limit trips the kill switch: positions flattened, session paused, not ended', async () => {
  const id = uniqueId('ks');
  // A 0.01 % daily loss limit: the fee and spread of one market buy are enough to breach it.
  const h = await start(id, { riskLimits: { ...sessionInput(id).riskLimits, max_daily_loss_pct: 0.01 } });
  await until('the session to start', async () => (await h.query(statusQuery)).state.dayStartEquity > 0);
  const venue = await deps.venues.forSession({ sessionId: id, mode: 'paper', exchange: 'sim' });
  await venue.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.02, clientOrderId: `ks-${id}` });
  const tripped = await until('the kill switch', async () => {
    const s = await h.query(statusQuery);
    return s.state.killSwitchTripped && s;
  });
  expect(tripped.state.status).toBe('paused');
  expect(tripped.state.pauseReason).toMatch(/daily loss limit/);
  expect(tripped.positions).toEqual([]);
  expect((await venue.fetchBalance()).BTC?.total ?? 0).toBeLessThan(1e-5);
  expect((await deps.prisma.tradingSession.findUnique({ where: { id } }))?.status).toBe('paused');
  // Still alive: it answers and ends on request.
  await h.signal(stopSignal);
  expect((await h.result()).status).toBe('stopped');
});

test('reconcile closes DB positions and orders the venue does not have, and records each', async () => {
  const id = uniqueId('recon');
  const ghost = await deps.prisma.position.create({
    data: { sessionId: id, exchange: 'sim', symbol: 'BTC/USDT', side: 'long', size: 0.5, entryPrice: 50_000 },
  });
  await deps.prisma.order.create({
    data: {
      clientOrderId: `ghost-${id}`,
      sessionId: id,
      exchange: 'sim',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      status: 'open',
      amount: 0.1,
      price: 1_000,
      mode: 'paper',
    },
  });
  const h = await start(id, { maxCycles: 1 });
  await h.result();
  const events = await deps.prisma.reconciliationEvent.findMany({ where: { sessionId: id } });
  expect(events.map((e) => e.kind).sort()).toEqual(['order_missing_on_venue', 'position_missing_on_venue']);
  expect((await deps.prisma.position.findUnique({ where: { id: ghost.id } }))?.status).toBe('closed');
  expect((await deps.prisma.order.findUnique({ where: { clientOrderId: `ghost-${id}` } }))?.status).toBe('canceled');
});
