// tradingCycle's compensations on the real stack: SL or TP placement failing, a post-trade veto and
// recording failing for good each undo what the cycle opened; an activity retried after its side
// effect (order placed, record written) still leaves one order and one row.
import type { Client } from '@temporalio/client';
import { cycleClientOrderId } from '../../../activities/order-ids';
import { paperAccountId } from '../../../infra/adapters/exchange/venue-provider';
import { startTestWorker, type TestWorker } from '../test-worker';
import { saveHistory } from '../../histories/save-history';
import type { TradingCycleInput } from '../../../workflows/trading-contract';
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

const taskQueue = uniqueSession('cycle-comp-');
let deps: CycleDeps;
let testWorker: TestWorker;
let client: Client;

beforeAll(async () => {
  deps = cycleDeps();
  testWorker = await startTestWorker({ taskQueue, activities: cycleActivities(deps) });
  client = testWorker.client;
});

afterAll(async () => {
  await testWorker?.stop();
  await deps?.close();
});

const runCycle = (input: TradingCycleInput) => runCycleOn(client, taskQueue, deps, input);

const venueOf = (sessionId: string) => deps.venues.forSession({ sessionId, mode: 'paper', exchange: 'sim' });
const paperOrders = (sessionId: string) =>
  deps.prisma.paperOrder.findMany({ where: { accountId: paperAccountId(sessionId) } });

/** Flat, nothing resting: what a compensated cycle must leave behind. */
async function expectFlat(sessionId: string) {
  const venue = await venueOf(sessionId);
  expect((await venue.fetchBalance()).BTC?.total ?? 0).toBeLessThan(1e-5);
  expect(await venue.fetchOpenOrders()).toEqual([]);
}

test.each([['stop_loss'], ['take_profit']] as const)(
  '%s placement fails → the entry is flattened and the cycle’s orders canceled',
  async (kind) => {
    const sessionId = uniqueSession(`comp${kind}`);
    deps.faults.venue.set(sessionId, new Set([`protection:${kind}`]));
    const input = cycleInput(sessionId, CANDLE.buy);
    const cycleId = cycleIdOf(input);
    const r = await runCycle(input);
    expect(r.action).toBe('BUY');
    expect(r.compensated).toBe(true);
    expect(r.reasons.join('\n')).toMatch(new RegExp(`${kind.replace('_', '-')} placement failed: .*injected`));
    await expectFlat(sessionId);
    const rows = await deps.prisma.order.findMany({ where: { decisionId: cycleId } });
    const byPurpose = Object.fromEntries(rows.map((o) => [o.purpose, o]));
    expect(Number(byPurpose.compensation.filled)).toBeCloseTo(Number(byPurpose.entry.filled), 8);
    expect(byPurpose.compensation.side).toBe('sell');
    // The stop-loss placed before the take-profit failed is canceled, not left to fire.
    if (kind === 'take_profit') {
      expect(byPurpose.stop_loss.status).toBe('canceled');
      await saveHistory(client, cycleId, 'trading-cycle-compensated');
    }
    expect(rows.some((o) => o.status === 'open')).toBe(false);
    // Still recorded, as compensated, with the trade opened and closed.
    expect(await deps.prisma.decision.findUnique({ where: { id: cycleId } })).toMatchObject({ action: 'BUY' });
    const trades = await deps.prisma.trade.findMany({ where: { sessionId } });
    expect(trades.map((t) => t.status)).toEqual(['closed']);
  },
);

test('post-trade check veto (slippage over the limit) → the entry is flattened', async () => {
  const sessionId = uniqueSession('slip');
  // Any adverse slippage is too much: the paper venue charges 5 bps on top of the ask.
  const input = cycleInput(sessionId, CANDLE.buy, { execution: { maxSlippageBps: 0 } });
  const r = await runCycle(input);
  expect(r.compensated).toBe(true);
  expect(r.reasons.join('\n')).toMatch(/post-trade veto: slippage [\d.]+ bps .* over the 0 bps limit/);
  await expectFlat(sessionId);
  const rows = await deps.prisma.order.findMany({ where: { decisionId: cycleIdOf(input) } });
  expect(rows.map((o) => [o.purpose, o.status]).sort()).toEqual([
    ['compensation', 'closed'],
    ['entry', 'closed'],
    ['stop_loss', 'canceled'],
    ['take_profit', 'canceled'],
  ]);
});

test('recording fails for good → what the cycle opened is undone', async () => {
  const sessionId = uniqueSession('norec');
  deps.faults.record.set(sessionId, 'fail');
  const input = cycleInput(sessionId, CANDLE.buy);
  const r = await runCycle(input);
  expect(r.compensated).toBe(true);
  expect(r.reasons.join('\n')).toMatch(/recording failed: injected/);
  await expectFlat(sessionId);
  expect(await deps.prisma.decision.count({ where: { id: cycleIdOf(input) } })).toBe(0);
  // The orders themselves are known to the database (written by the order activities).
  expect(
    (await deps.prisma.order.findMany({ where: { decisionId: cycleIdOf(input) } })).map((o) => o.purpose).sort(),
  ).toEqual(['compensation', 'entry', 'stop_loss', 'take_profit']);
});

test('an order activity retried after the order was placed finds it: one order, one row', async () => {
  const sessionId = uniqueSession('lost');
  deps.faults.venue.set(sessionId, new Set(['createOrder:lose-answer-once']));
  const input = cycleInput(sessionId, CANDLE.buy);
  const r = await runCycle(input);
  expect(deps.faults.venue.get(sessionId)?.has('createOrder:lost')).toBe(true);
  expect(r.compensated).toBe(false);
  expect(r.order?.filled).toBeGreaterThan(0);
  const entryId = cycleClientOrderId(cycleIdOf(input), 'entry');
  expect((await paperOrders(sessionId)).filter((o) => o.clientOrderId === entryId)).toHaveLength(1);
  expect(await deps.prisma.order.count({ where: { clientOrderId: entryId } })).toBe(1);
  const events = (await client.workflow.getHandle(cycleIdOf(input)).fetchHistory()).events ?? [];
  // Regular activities: the entry's second attempt is the one that completed; the stop-loss, the
  // take-profit and the record each took one.
  const started = events
    .filter((e) => e.activityTaskStartedEventAttributes)
    .map((e) => e.activityTaskStartedEventAttributes?.attempt);
  expect(started).toEqual([2, 1, 1, 1]);
});

test('recording retried after it wrote: one decision, five signals, one trade', async () => {
  const sessionId = uniqueSession('rerec');
  deps.faults.record.set(sessionId, 'fail-once-after-write');
  const input = cycleInput(sessionId, CANDLE.buy);
  const r = await runCycle(input);
  expect(r.compensated).toBe(false);
  expect(deps.faults.record.has(sessionId)).toBe(false);
  expect(await deps.prisma.decision.count({ where: { id: cycleIdOf(input) } })).toBe(1);
  expect(await deps.prisma.agentSignal.count({ where: { decisionId: cycleIdOf(input) } })).toBe(5);
  expect(await deps.prisma.trade.count({ where: { sessionId } })).toBe(1);
  expect(await deps.prisma.position.count({ where: { sessionId } })).toBe(1);
  expect(await deps.prisma.equitySnapshot.count({ where: { sessionId } })).toBe(1);
});

test('a compensation that fails transiently is retried until it is done', async () => {
  const sessionId = uniqueSession('comprt');
  // The take-profit fails, so the stop-loss must be canceled; the first cancel times out.
  deps.faults.venue.set(sessionId, new Set(['protection:take_profit', 'cancelOrder:fail-once']));
  const input = cycleInput(sessionId, CANDLE.buy);
  const r = await runCycle(input);
  expect(r.compensated).toBe(true);
  expect(deps.faults.venue.get(sessionId)?.has('cancelOrder:failed')).toBe(true);
  await expectFlat(sessionId);
  const sl = await deps.prisma.order.findUnique({
    where: { clientOrderId: cycleClientOrderId(cycleIdOf(input), 'stop_loss') },
  });
  expect(sl?.status).toBe('canceled');
  expect(r.reasons).toContain('cancel stop-loss: done');
});
