// tradingCycle on the real stack (Temporal, Postgres, Redis; paper account on a replayed sim market,
// deterministic agents): BUY, SELL (exit), HOLD, each agent failing, a risk veto.
import type { Client } from '@temporalio/client';
import type { WorkflowBundle } from '@temporalio/worker';
import { AGENT_NAMES } from '../../../core/agents';
import { EVENTS_CHANNEL } from '../../../core/events/gateway-event';
import { createRedis } from '../../../infra/adapters/redis';
import { paperAccountId } from '../../../infra/adapters/exchange/venue-provider';
import { cycleClientOrderId } from '../../../activities/order-ids';
import { bundleWorkflows, TRADING_WORKFLOWS_PATH } from '../../../workers/workflow-bundle';
import { startTestWorker, type TestWorker } from '../test-worker';
import { saveHistory } from '../../histories/save-history';
import type { TradingCycleInput } from '../../../workflows/trading-contract';
import { SEARCH_ATTRIBUTE_KEYS as SA } from '../../../workflows/definitions';
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

jest.setTimeout(180_000);

const taskQueue = uniqueSession('cycle-paths-');
let deps: CycleDeps;
let testWorker: TestWorker;
let client: Client;
let bundle: WorkflowBundle;

beforeAll(async () => {
  deps = cycleDeps();
  // The trading queue's bundle, built as `opentrade worker` builds it (trading workflows only).
  bundle = await bundleWorkflows(TRADING_WORKFLOWS_PATH);
  testWorker = await startTestWorker({ taskQueue, workflowBundle: bundle, activities: cycleActivities(deps) });
  client = testWorker.client;
});

afterAll(async () => {
  await testWorker?.stop();
  await deps?.close();
});

const runCycle = (input: TradingCycleInput) => runCycleOn(client, taskQueue, deps, input);

const paperOrders = (sessionId: string) =>
  deps.prisma.paperOrder.findMany({ where: { accountId: paperAccountId(sessionId) }, orderBy: { createdAt: 'asc' } });
const details = async (workflowId: string) =>
  ((await client.workflow.getHandle(workflowId).query<{ currentDetails?: string }>('__temporal_workflow_metadata'))
    .currentDetails ?? '') as string;

test('BUY: one entry with its clientOrderId, exchange-side SL and TP, every row recorded once, visible in the UI', async () => {
  const sessionId = uniqueSession('buy');
  // Ensemble mode, where a BUY while long adds: the cycle run again below, after its own entry,
  // decides BUY again and must find its order by clientOrderId instead of placing another.
  const input = cycleInput(sessionId, CANDLE.buy, { decide: 'ensemble' });
  const cycleId = cycleIdOf(input);
  const r = await runCycle(input);

  expect(r.action).toBe('BUY');
  expect(['approve', 'resize']).toContain(r.verdict);
  expect(r.compensated).toBe(false);
  expect(r.order?.clientOrderId).toBe(cycleClientOrderId(cycleId, 'entry'));
  expect(r.order!.filled).toBeGreaterThan(0);

  const orders = await paperOrders(sessionId);
  expect(orders.map((o) => [o.clientOrderId, o.type, o.status]).sort()).toEqual(
    [
      [cycleClientOrderId(cycleId, 'entry'), 'market', 'closed'],
      [cycleClientOrderId(cycleId, 'stop_loss'), 'stop_market', 'open'],
      [cycleClientOrderId(cycleId, 'take_profit'), 'take_profit_market', 'open'],
    ].sort(),
  );
  const rows = await deps.prisma.order.findMany({ where: { decisionId: cycleId } });
  expect(rows.map((o) => o.purpose).sort()).toEqual(['entry', 'stop_loss', 'take_profit']);
  const sl = rows.find((o) => o.purpose === 'stop_loss')!;
  // Risk's default 5% stop below the ~60k entry.
  expect(Number(sl.triggerPrice)).toBeLessThan(Number(rows.find((o) => o.purpose === 'entry')!.average) * 0.96);

  expect(await deps.prisma.decision.count({ where: { id: cycleId } })).toBe(1);
  expect(
    (await deps.prisma.agentSignal.findMany({ where: { decisionId: cycleId } })).map((s) => s.agent).sort(),
  ).toEqual([...AGENT_NAMES].sort());
  const trades = await deps.prisma.trade.findMany({ where: { sessionId } });
  expect(trades).toHaveLength(1);
  expect(trades[0]).toMatchObject({ side: 'long', status: 'open' });
  const positions = await deps.prisma.position.findMany({ where: { sessionId } });
  expect(positions).toHaveLength(1);
  expect(Number(positions[0].size)).toBeCloseTo(r.order!.filled, 8);
  expect(await deps.prisma.equitySnapshot.count({ where: { sessionId } })).toBe(1);

  const desc = await client.workflow.getHandle(cycleId).describe();
  expect(desc.searchAttributes).toMatchObject({
    OpenTradeSession: [sessionId],
    OpenTradeDecision: ['BUY'],
    OpenTradeMode: ['paper'],
    OpenTradeStrategy: ['ema-cross'],
  });
  // The UI's list view filters on them: this session's BUY decisions.
  const listed: string[] = [];
  for (let i = 0; i < 50 && listed.length === 0; i++) {
    for await (const w of client.workflow.list({
      query: `${SA.session.name} = '${sessionId}' AND ${SA.decision.name} = 'BUY'`,
    }))
      listed.push(w.workflowId);
    if (!listed.length) await new Promise((res) => setTimeout(res, 100));
  }
  expect(listed).toEqual([cycleId]);
  const md = await details(cycleId);
  for (const part of ['### Agents', '| strategy |', '### Coordinator: BUY', '### Risk:', '### Orders', 'stop_loss'])
    expect(md).toContain(part);

  // Every order and the record are regular activities, each in the history before the next step
  // acts on it; only the snapshot and the five analysts run as local activities, before the entry.
  const history = await client.workflow.getHandle(cycleId).fetchHistory();
  const events = history.events ?? [];
  const scheduled = events
    .filter((e) => e.activityTaskScheduledEventAttributes)
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
  expect(scheduled).toEqual(['submitCycleOrder', 'placeProtectionOrder', 'placeProtectionOrder', 'recordCycle']);
  const firstSchedule = events.findIndex((e) => e.activityTaskScheduledEventAttributes);
  const localActivityMarkers = events.filter(
    (e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
  );
  expect(localActivityMarkers).toHaveLength(6); // snapshot + five agents
  expect(events.slice(0, firstSchedule).filter((e) => e.markerRecordedEventAttributes)).toHaveLength(6);
  // One path: no patch markers and no TemporalChangeVersion upserts.
  expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toHaveLength(0);
  const upserted = events.flatMap((e) =>
    Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
  );
  expect(upserted).toEqual([SA.decision.name]);
  await saveHistory(client, cycleId, 'trading-cycle-buy');

  // The same cycle id run again (a session that lost track of it): every order is found by its
  // clientOrderId, nothing is placed twice, no row is duplicated.
  const again = await runCycle(input);
  expect(again.order?.clientOrderId).toBe(r.order!.clientOrderId);
  expect(await paperOrders(sessionId)).toHaveLength(3);
  expect(await deps.prisma.order.count({ where: { sessionId } })).toBe(3);
  expect(await deps.prisma.trade.count({ where: { sessionId } })).toBe(1);
  expect(await deps.prisma.agentSignal.count({ where: { decisionId: cycleId } })).toBe(5);
});

test('SELL: the exit closes the long, cancels its SL/TP and closes the trade with its PnL', async () => {
  const sessionId = uniqueSession('sell');
  await runCycle(cycleInput(sessionId, CANDLE.buy));
  const input = cycleInput(sessionId, CANDLE.sell);
  const r = await runCycle(input);
  expect(r.action).toBe('SELL');
  expect(r.order).toMatchObject({
    clientOrderId: cycleClientOrderId(cycleIdOf(input), 'close'),
    side: 'sell',
    status: 'closed',
  });
  const balances = await (await deps.venues.forSession({ sessionId, mode: 'paper', exchange: 'sim' })).fetchBalance();
  expect(balances.BTC?.total ?? 0).toBeLessThan(1e-5);
  const protection = await deps.prisma.order.findMany({
    where: { sessionId, purpose: { in: ['stop_loss', 'take_profit'] } },
  });
  expect(protection.map((o) => o.status)).toEqual(['canceled', 'canceled']);
  const [trade] = await deps.prisma.trade.findMany({ where: { sessionId } });
  expect(trade.status).toBe('closed');
  expect(Number(trade.pnl)).toBeCloseTo(r.realizedPnl, 6);
  expect(r.realizedPnl).not.toBe(0);
  expect((await deps.prisma.position.findMany({ where: { sessionId } })).map((p) => p.status)).toEqual(['closed']);
});

test('exits are allowed while the session is paused (exits only)', async () => {
  const sessionId = uniqueSession('pausedexit');
  await runCycle(cycleInput(sessionId, CANDLE.buy));
  const r = await runCycle(cycleInput(sessionId, CANDLE.sell, { exitsOnly: true }));
  expect(r.action).toBe('SELL');
  expect(r.verdict).toBe('approve');
  expect(r.order).toMatchObject({ side: 'sell', status: 'closed' });
  expect(r.realizedPnl).not.toBe(0);
});

test('publishes decision, order, fill, position and equity events on the gateway channel', async () => {
  const sub = createRedis(process.env.REDIS_URL!);
  const seen: { type: string; data: { sessionId?: string } & Record<string, unknown> }[] = [];
  await sub.subscribe(EVENTS_CHANNEL);
  sub.on('message', (_c, text: string) => seen.push(JSON.parse(text)));
  try {
    const sessionId = uniqueSession('events');
    const result = await runCycle(cycleInput(sessionId, CANDLE.buy));
    const mine = () => seen.filter((e) => e.data?.sessionId === sessionId).map((e) => e.type);
    for (let i = 0; i < 50 && mine().length < 5; i++) await new Promise((r) => setTimeout(r, 50));
    // One fill for the entry (SL/TP rest unfilled).
    expect(mine().sort()).toEqual(['decision', 'equity', 'fill', 'order', 'position']);
    // Announced by the record activity, yet the same result the workflow returned (reasons included).
    expect(seen.find((e) => e.type === 'decision' && e.data.sessionId === sessionId)?.data).toEqual({
      sessionId,
      ...result,
    });
  } finally {
    sub.disconnect();
  }
});

test('a take-profit that fired between cycles closes its trade, cancels its stop and counts as realized PnL', async () => {
  const sessionId = uniqueSession('tpfired');
  // A 1% take-profit: the sine rises ~2% after the cross, so it fires before the next cycle.
  const riskLimits = { ...cycleInput(sessionId, CANDLE.buy).riskLimits, take_profit_pct: 1 };
  const buy = cycleInput(sessionId, CANDLE.buy, { riskLimits });
  await runCycle(buy);
  const r = await runCycle(cycleInput(sessionId, CANDLE.hold, { riskLimits }));
  expect(r.action).toBe('HOLD');
  expect(r.realizedPnl).toBeGreaterThan(0);
  const tp = await deps.prisma.order.findUnique({
    where: { clientOrderId: cycleClientOrderId(cycleIdOf(buy), 'take_profit') },
  });
  const sl = await deps.prisma.order.findUnique({
    where: { clientOrderId: cycleClientOrderId(cycleIdOf(buy), 'stop_loss') },
  });
  expect([tp?.status, sl?.status]).toEqual(['closed', 'canceled']);
  const [trade] = await deps.prisma.trade.findMany({ where: { sessionId } });
  expect(trade).toMatchObject({ status: 'closed', exitOrderId: tp!.clientOrderId });
  expect(Number(trade.pnl)).toBeCloseTo(r.realizedPnl, 6);
  expect((await deps.prisma.position.findMany({ where: { sessionId } })).map((p) => p.status)).toEqual(['closed']);
  expect(await (await deps.venues.forSession({ sessionId, mode: 'paper', exchange: 'sim' })).fetchOpenOrders()).toEqual(
    [],
  );
});

test('HOLD: no order, the decision is still recorded', async () => {
  const sessionId = uniqueSession('hold');
  const input = cycleInput(sessionId, CANDLE.hold);
  const r = await runCycle(input);
  expect(r.action).toBe('HOLD');
  expect(r.verdict).toBe('none');
  expect(r.order).toBeUndefined();
  expect(await paperOrders(sessionId)).toHaveLength(0);
  expect(await deps.prisma.decision.findUnique({ where: { id: cycleIdOf(input) } })).toMatchObject({ action: 'HOLD' });
});

test('risk veto (session paused: exits only): no order, the veto is recorded', async () => {
  const sessionId = uniqueSession('veto');
  const input = cycleInput(sessionId, CANDLE.buy, { exitsOnly: true });
  const r = await runCycle(input);
  expect(r.action).toBe('BUY');
  expect(r.verdict).toBe('veto');
  expect(r.order).toBeUndefined();
  expect(await paperOrders(sessionId)).toHaveLength(0);
  const row = await deps.prisma.decision.findUnique({ where: { id: cycleIdOf(input) } });
  expect((row?.riskVerdict as { verdict: string; reasons: string[] }).reasons[0]).toMatch(/exits only/);
  await saveHistory(client, cycleIdOf(input), 'trading-cycle-veto');
});

test.each(AGENT_NAMES.map((n) => [n]))(
  'agent %s failing abstains with the reason; the cycle completes',
  async (name) => {
    const sessionId = uniqueSession(`ag${name}`);
    deps.faults.agents.set(sessionId, { name, mode: 'throw' });
    const input = cycleInput(sessionId, CANDLE.buy);
    const r = await runCycle(input);
    const signal = await deps.prisma.agentSignal.findUnique({
      where: { decisionId_agent: { decisionId: cycleIdOf(input), agent: name } },
    });
    expect(signal?.confidence).toBe(0);
    expect(signal?.reasoning).toMatch(new RegExp(`abstains: agent failed or timed out: .*injected: ${name} crashed`));
    // Without the strategy's voice only macro is left, and it has nothing to say: HOLD. Otherwise the cross still buys.
    expect(r.action).toBe(name === 'strategy' ? 'HOLD' : 'BUY');
  },
);

test('an agent that hangs past its timeout abstains; the cycle still decides', async () => {
  const sessionId = uniqueSession('hang');
  deps.faults.agents.set(sessionId, { name: 'market', mode: 'hang' });
  const input = cycleInput(sessionId, CANDLE.buy);
  const t0 = Date.now();
  const r = await runCycle(input);
  expect(Date.now() - t0).toBeLessThan(20_000);
  expect(r.action).toBe('BUY');
  const signal = await deps.prisma.agentSignal.findUnique({
    where: { decisionId_agent: { decisionId: cycleIdOf(input), agent: 'market' } },
  });
  expect(signal?.reasoning).toMatch(/timed out|timeout/i);
});

test('kill switch: the daily loss limit is breached → no entry, the cycle reports it', async () => {
  const sessionId = uniqueSession('kill');
  const r = await runCycle(cycleInput(sessionId, CANDLE.buy, { dayStartEquity: 10_000, realizedPnlToday: -600 }));
  expect(r.killSwitch).toBe(true);
  expect(r.verdict).toBe('veto');
  expect(r.reasons.join('\n')).toMatch(/KILL SWITCH: loss today 6\.00%/);
  expect(await paperOrders(sessionId)).toHaveLength(0);
});

test('SELL on a perpetual opens a short, protected above by its stop and below by its take-profit', async () => {
  const sessionId = uniqueSession('short');
  const input = cycleInput(sessionId, CANDLE.sell, {
    symbol: 'BTC/USDT:USDT',
    strategy: { name: 'ema-cross', params: { allowShort: true } },
  });
  const r = await runCycle(input);
  expect(r.action).toBe('SELL');
  expect(r.order).toMatchObject({ side: 'sell', status: 'closed' });
  const rows = await deps.prisma.order.findMany({ where: { decisionId: cycleIdOf(input) } });
  const entry = Number(rows.find((o) => o.purpose === 'entry')!.average);
  const sl = rows.find((o) => o.purpose === 'stop_loss')!;
  const tp = rows.find((o) => o.purpose === 'take_profit')!;
  expect([sl.side, tp.side]).toEqual(['buy', 'buy']);
  expect(Number(sl.triggerPrice)).toBeGreaterThan(entry);
  expect(Number(tp.triggerPrice)).toBeLessThan(entry);
  const [position] = await deps.prisma.position.findMany({ where: { sessionId } });
  expect(position).toMatchObject({ side: 'short', status: 'open', symbol: 'BTC/USDT:USDT' });
});

describe('on a thin market', () => {
  let thin: CycleDeps;
  let thinWorker: TestWorker;
  const thinQueue = uniqueSession('cycle-thin-');

  beforeAll(async () => {
    // 0.001 BTC a candle: the venue fills 0.0001 BTC now, the rest of a ~0.004 BTC order would wait.
    thin = cycleDeps({ volume: 0.001 });
    thinWorker = await startTestWorker({
      taskQueue: thinQueue,
      workflowBundle: bundle,
      activities: cycleActivities(thin),
    });
  });

  afterAll(async () => {
    await thinWorker?.stop();
    await thin?.close();
  });

  test('a partly filled entry has its rest canceled, and SL/TP cover exactly what filled', async () => {
    const sessionId = uniqueSession('thin');
    const input = cycleInput(sessionId, CANDLE.buy);
    const r = await runCycleOn(client, thinQueue, thin, input);
    expect(r.action).toBe('BUY');
    expect(r.order!.filled).toBeGreaterThan(0);
    expect(r.order!.filled).toBeLessThan(r.order!.quantity);
    expect(r.order!.status).toBe('canceled');
    const rows = await thin.prisma.order.findMany({ where: { decisionId: cycleIdOf(input) } });
    for (const kind of ['stop_loss', 'take_profit'])
      expect(Number(rows.find((o) => o.purpose === kind)!.amount)).toBeCloseTo(r.order!.filled, 8);
    const open = await (await thin.venues.forSession({ sessionId, mode: 'paper', exchange: 'sim' })).fetchOpenOrders();
    expect(open.map((o) => o.type).sort()).toEqual(['stop_market', 'take_profit_market']);
  });
});
