// Stop-losses and take-profits fire on the venue between cycles. This finds the session's protection
// orders the database still thinks are open, records what became of them, closes the trades a fill
// ended and cancels the fired order's twin (spot venues have no one-cancels-other).
import { ExchangeError, type ExchangePlugin } from '../core/exchange/types';
import type { Repositories } from '../infra/adapters/db';
import type { ProtectionOrderRow } from '../infra/adapters/db/repositories/orders';
import type { ExecutedOrder, SessionVenueRef } from './execution';
import { orderSummary } from './order-summary';
import { closeTrades } from './trade-ledger';

/** `known`: the open protection rows when the caller has just read them (else read here). */
export async function syncProtectionFills(
  repos: Pick<Repositories, 'orders' | 'trades'>,
  venue: ExchangePlugin,
  r: SessionVenueRef & { symbol: string },
  at: Date,
  known?: ProtectionOrderRow[],
): Promise<{ fired: ExecutedOrder[]; realizedPnl: number }> {
  const rows = known ?? (await repos.orders.openProtectionOrders(r.sessionId, r.symbol));
  const fired: ExecutedOrder[] = [];
  let realizedPnl = 0;
  if (rows.length === 0) return { fired, realizedPnl };
  // Usually every one is still resting: one read of the venue's open orders settles that, instead of
  // one order lookup each. An order missing from it (or a venue that omits client ids) is looked up.
  const open = venue.has.fetchOpenOrders ? await venue.fetchOpenOrders(r.symbol).catch(() => []) : [];
  const resting = new Set(open.filter((o) => o.status === 'open' && o.clientOrderId).map((o) => o.clientOrderId));
  for (const row of rows) {
    if (resting.has(row.clientOrderId)) continue;
    const order = await venue.fetchOrderByClientId(row.clientOrderId, r.symbol);
    if (!order || order.status === 'open') continue;
    const ctx = { ...r, cycleId: row.decisionId ?? undefined };
    await repos.orders.saveCycleOrder(ctx, row.purpose, order);
    if (!(order.filled > 0)) continue;
    fired.push({ ...orderSummary(order), purpose: row.purpose, fee: order.fee.cost, triggerPrice: order.triggerPrice });
    realizedPnl += await closeTrades(
      repos.trades,
      r.sessionId,
      r.symbol,
      { clientOrderId: order.clientOrderId, filled: order.filled, average: order.average, fee: order.fee.cost },
      at,
    );
    for (const twin of rows.filter((x) => x.decisionId === row.decisionId && x.id !== row.id)) {
      const t = await venue.fetchOrderByClientId(twin.clientOrderId, r.symbol);
      if (!t) continue;
      let final = t;
      if (t.status === 'open') {
        try {
          final = await venue.cancelOrder(t.id, r.symbol);
        } catch (e) {
          if (!(e instanceof ExchangeError && e.kind === 'order_not_found')) throw e;
          final = (await venue.fetchOrderByClientId(twin.clientOrderId, r.symbol)) ?? t;
        }
      }
      await repos.orders.saveCycleOrder({ ...r, cycleId: twin.decisionId ?? undefined }, twin.purpose, final);
    }
  }
  return { fired, realizedPnl };
}
