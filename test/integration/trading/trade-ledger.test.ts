// The trade ledger on the activity path against the real database: a partial exit splits the trade
// it reaches, a stop closes the trade it protects, reconciliation closes the trade of a stop it finds
// filled, and the open trades sum to the position throughout.
import { cycleClientOrderId } from '../../../activities/order-ids';
import { syncProtectionFills } from '../../../activities/protection-sync';
import { reconcileSession } from '../../../activities/session-reconcile';
import { closeTrades } from '../../../activities/trade-ledger';
import {
  SYMBOL,
  ledgerFixture,
  newSession,
  openQuantity,
  openTrade,
  orderStatus,
  saveProtection,
  tradesOf,
  type LedgerFixture,
} from './ledger-fixture';
import { order, scriptedVenue } from './scripted-venue';

let f: LedgerFixture;
beforeAll(() => {
  f = ledgerFixture();
});
afterAll(() => f.close());

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-01T00:01:00Z');
const T2 = new Date('2026-01-01T00:02:00Z');

describe('trade ledger', () => {
  it('splits the trade a partial exit reaches: the closed part is its own row, the rest stays open', async () => {
    const s = newSession();
    const a = await openTrade(f, s, `${s.sessionId}-a`, 0.00327, T0);
    await openTrade(f, s, `${s.sessionId}-b`, 0.00326, T1);
    const exit = cycleClientOrderId(`${s.sessionId}-c`, 'close');

    const pnl = await closeTrades(
      f.repos.trades,
      s.sessionId,
      SYMBOL,
      { clientOrderId: exit, filled: 0.00326, average: 110, fee: 0 },
      T2,
    );

    // Position: 0.00653 bought, 0.00326 sold.
    expect(await openQuantity(f, s.sessionId)).toBe('0.00327');
    const rows = await tradesOf(f, s.sessionId);
    expect(rows.filter((t) => t.status === 'closed').map((t) => [t.quantity, t.exit_order_id])).toEqual([
      ['0.00326', exit],
    ]);
    expect(rows.find((t) => t.id === a)).toMatchObject({ status: 'open', quantity: '0.00001' });
    expect(pnl).toBeCloseTo(10 * 0.00326, 9);
    // A retry of the same exit changes nothing and reports the same PnL.
    expect(
      await closeTrades(
        f.repos.trades,
        s.sessionId,
        SYMBOL,
        { clientOrderId: exit, filled: 0.00326, average: 110, fee: 0 },
        T2,
      ),
    ).toBeCloseTo(pnl, 12);
    expect(await tradesOf(f, s.sessionId)).toEqual(rows);
  });

  it('closes the trade a fired stop-loss protects, not the oldest one', async () => {
    const s = newSession();
    const a = await openTrade(f, s, `${s.sessionId}-a`, 0.00327, T0);
    const cb = `${s.sessionId}-b`;
    const b = await openTrade(f, s, cb, 0.00326, T1);
    const sl = cycleClientOrderId(cb, 'stop_loss');
    await saveProtection(f, s, cb, order(sl, { status: 'open', amount: 0.00326 }));
    const v = scriptedVenue();
    v.orders.set(sl, order(sl, { status: 'closed', amount: 0.00326, filled: 0.00326, average: 95 }));

    await syncProtectionFills(f.repos, v.venue, s, T2);

    const rows = await tradesOf(f, s.sessionId);
    expect(rows.find((t) => t.id === b)).toMatchObject({ status: 'closed', exit_order_id: sl });
    expect(rows.find((t) => t.id === a)).toMatchObject({ status: 'open', quantity: '0.00327' });
    expect(await openQuantity(f, s.sessionId)).toBe('0.00327');
  });

  it('reconciliation that finds a stop-loss filled closes its trade and cancels its take-profit', async () => {
    const s = newSession();
    const c = `${s.sessionId}-a`;
    const trade = await openTrade(f, s, c, 0.005, T0);
    const sl = cycleClientOrderId(c, 'stop_loss');
    const tp = cycleClientOrderId(c, 'take_profit');
    const v = scriptedVenue();
    for (const id of [sl, tp]) {
      const o = order(id, { status: 'open', amount: 0.005, type: id === sl ? 'stop_market' : 'take_profit_market' });
      await saveProtection(f, s, c, o);
      v.orders.set(id, o);
    }
    v.orders.set(sl, order(sl, { status: 'closed', amount: 0.005, filled: 0.005, average: 95 }));

    const r = await reconcileSession(f.repos, v.venue, { ...s, symbols: [SYMBOL] });

    expect(r.drift.map((d) => d.kind)).toContain('order_status_mismatch');
    expect((await tradesOf(f, s.sessionId)).find((t) => t.id === trade)).toMatchObject({
      status: 'closed',
      exit_order_id: sl,
    });
    expect(await openQuantity(f, s.sessionId)).toBe('0');
    expect(v.orders.get(tp)?.status).toBe('canceled');
    expect(await orderStatus(f, tp)).toBe('canceled');
  });
});
