// A fired stop-loss / take-profit and its consequences (its trade closed, its twin cancelled) are one
// step: a crash at a set point inside it, after some of its writes, and the retry completes it.
import { cycleClientOrderId } from '../../../activities/order-ids';
import { createPersistenceActivities, type CycleRecord } from '../../../activities/persistence';
import { syncProtectionFills } from '../../../activities/protection-sync';
import type { ActivityDeps } from '../../../activities/deps';
import type { Order } from '../../../core/exchange/types';
import type { TradingCycleInput } from '../../../workflows/trading-contract';
import {
  ledgerFixture,
  newSession,
  openQuantity,
  openTrade,
  orderStatus,
  saveProtection,
  tradesOf,
  type LedgerFixture,
  type SessionRef,
} from './ledger-fixture';
import { order, scriptedVenue, type ScriptedVenue } from './scripted-venue';

let f: LedgerFixture;
beforeAll(() => {
  f = ledgerFixture();
});
afterAll(() => f.close());

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-01T00:01:00Z');

class Crash extends Error {}

/** A cycle's trade with both legs resting, in the database and on the venue. */
async function protectedTrade(s: SessionRef, quantity: number) {
  const cycleId = `${s.sessionId}-a`;
  const trade = await openTrade(f, s, cycleId, quantity, T0);
  const sl = cycleClientOrderId(cycleId, 'stop_loss');
  const tp = cycleClientOrderId(cycleId, 'take_profit');
  const v = scriptedVenue();
  for (const id of [sl, tp]) {
    const o = order(id, { status: 'open', amount: quantity, type: id === sl ? 'stop_market' : 'take_profit_market' });
    await saveProtection(f, s, cycleId, o);
    v.orders.set(id, o);
  }
  return { cycleId, trade, sl, tp, v };
}

const fire = (v: ScriptedVenue, id: string, quantity: number, average: number) =>
  v.orders.set(id, order(id, { ...v.orders.get(id)!, status: 'closed', filled: quantity, average }));

/** The order repository, crashing right after it wrote `clientOrderId` as anything but open. */
function crashAfterWriting(clientOrderId: string) {
  let armed = true;
  return {
    ...f.repos,
    orders: {
      ...f.repos.orders,
      async saveCycleOrder(...args: Parameters<LedgerFixture['repos']['orders']['saveCycleOrder']>) {
        await f.repos.orders.saveCycleOrder(...args);
        if (armed && args[2].clientOrderId === clientOrderId && args[2].status !== 'open') {
          armed = false;
          throw new Crash(`crashed after writing ${clientOrderId} ${args[2].status}`);
        }
      },
    },
  };
}

async function expectSettled(
  s: SessionRef,
  p: { trade: string; sl: string; tp: string; v: ScriptedVenue },
  stillOpen = '0',
) {
  expect((await tradesOf(f, s.sessionId)).find((t) => t.id === p.trade)).toMatchObject({
    status: 'closed',
    exit_order_id: p.sl,
  });
  expect(await openQuantity(f, s.sessionId)).toBe(stillOpen);
  expect(p.v.orders.get(p.tp)?.status).toBe('canceled');
  expect(await orderStatus(f, p.sl)).toBe('closed');
  expect(await orderStatus(f, p.tp)).toBe('canceled');
}

describe('settling a fired stop-loss', () => {
  it('a retry completes it after a crash right after the stop was written closed', async () => {
    const s = newSession();
    const p = await protectedTrade(s, 0.005);
    fire(p.v, p.sl, 0.005, 95);

    await expect(syncProtectionFills(crashAfterWriting(p.sl), p.v.venue, s, T1)).rejects.toThrow(Crash);
    expect(await orderStatus(f, p.sl)).toBe('closed');

    const retry = await syncProtectionFills(f.repos, p.v.venue, s, T1);
    expect(retry.fired.map((o) => o.clientOrderId)).toEqual([p.sl]);
    expect(retry.realizedPnl).toBeCloseTo(-5 * 0.005, 9);
    await expectSettled(s, p);
    // Settled: nothing is left for a later sync.
    expect(await f.repos.orders.protectionToSettle(s.sessionId, s.symbol)).toEqual([]);
  });

  it('a retry completes it after a crash between closing the trade and cancelling the twin', async () => {
    const s = newSession();
    const p = await protectedTrade(s, 0.005);
    fire(p.v, p.sl, 0.005, 95);
    p.v.cancelFault = (o) => (o.clientOrderId === p.tp ? new Crash('crashed before cancelling the twin') : undefined);

    await expect(syncProtectionFills(f.repos, p.v.venue, s, T1)).rejects.toThrow(Crash);
    expect((await tradesOf(f, s.sessionId)).find((t) => t.id === p.trade)?.status).toBe('closed');
    expect(p.v.orders.get(p.tp)?.status).toBe('open');

    p.v.cancelFault = undefined;
    await syncProtectionFills(f.repos, p.v.venue, s, T1);
    await expectSettled(s, p);
  });

  it("recordCycle settles a stop the cycle's own placement already found filled and wrote closed", async () => {
    const s = newSession();
    const v = scriptedVenue();
    const cycleId = `${s.sessionId}-a`;
    const entryId = cycleClientOrderId(cycleId, 'entry');
    const sl = cycleClientOrderId(cycleId, 'stop_loss');
    const tp = cycleClientOrderId(cycleId, 'take_profit');
    // An older trade, which the stop must not close.
    const older = await openTrade(f, s, `${s.sessionId}-0`, 0.002, T0);
    // The re-run placement found the stop filled and wrote it so; the take-profit rests.
    const slOrder: Order = order(sl, { status: 'closed', amount: 0.005, filled: 0.005, average: 95, triggerPrice: 95 });
    const tpOrder: Order = order(tp, { status: 'open', amount: 0.005, type: 'take_profit_market', triggerPrice: 110 });
    for (const o of [slOrder, tpOrder]) {
      await saveProtection(f, s, cycleId, o);
      v.orders.set(o.clientOrderId, o);
    }
    const executed = (o: Order, purpose: string) => ({
      clientOrderId: o.clientOrderId,
      side: o.side,
      status: o.status,
      amount: o.amount,
      filled: o.filled,
      average: o.average,
      fee: 0,
      purpose,
      triggerPrice: o.triggerPrice,
    });
    const input = {
      sessionId: s.sessionId,
      mode: s.mode,
      exchange: s.exchange,
      symbol: s.symbol,
      timeframe: '1m',
      strategy: { name: 'test', version: 1 },
      candleCloseMs: T1.getTime(),
      dayStartEquity: 1000,
      realizedPnlToday: 0,
      exitsOnly: false,
    } as unknown as TradingCycleInput;
    const rec = {
      cycleId,
      input,
      decision: { action: 'BUY', confidence: 0.8, score: 0.5, reasons: ['test'] },
      signals: [],
      verdict: null,
      orders: [
        executed(
          order(entryId, { status: 'closed', side: 'buy', type: 'market', amount: 0.005, filled: 0.005, average: 100 }),
          'entry',
        ),
        executed(slOrder, 'stop_loss'),
        executed(tpOrder, 'take_profit'),
      ],
      compensated: false,
      summary: 'test',
    } as unknown as CycleRecord;
    const deps = {
      prisma: f.prisma,
      config: { notifications: [] },
      venues: { forSession: async () => v.venue },
    } as unknown as ActivityDeps;

    await createPersistenceActivities(deps, f.repos).recordCycle(rec);

    await expectSettled(s, { trade: `trade-${entryId}`, sl, tp, v }, '0.002');
    expect((await tradesOf(f, s.sessionId)).find((t) => t.id === older)).toMatchObject({
      status: 'open',
      quantity: '0.002',
    });
  });
});
