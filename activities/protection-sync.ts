// Stops and take-profits fire on the venue between cycles. Settling one is a single idempotent step:
// record its fill, close the trades it ended, cancel its twin (spot venues have no
// one-cancels-other). Which protection orders still need it is read from the ledger and the twin
// (protectionToSettle), not from the order's stored status, so a retry or a later sync completes a
// step a crash cut short, whichever of its writes had been made.
import { ExchangeError, type ExchangePlugin, type Order as VenueOrder } from '../core/exchange/types';
import type { Repositories } from '../infra/adapters/db';
import type { ProtectionOrderRow } from '../infra/adapters/db/repositories/orders';
import type { ExecutedOrder, SessionVenueRef } from './execution';
import { orderSummary } from './order-summary';
import { closeTrades } from './trade-ledger';

/** `known`: the rows protectionToSettle returns when the caller has just read them (else read here). */
export async function syncProtectionFills(
  repos: Pick<Repositories, 'orders' | 'trades'>,
  venue: ExchangePlugin,
  r: SessionVenueRef & { symbol: string },
  at: Date,
  known?: ProtectionOrderRow[],
): Promise<{ fired: ExecutedOrder[]; realizedPnl: number }> {
  const rows = known ?? (await repos.orders.protectionToSettle(r.sessionId, r.symbol));
  const fired: ExecutedOrder[] = [];
  let realizedPnl = 0;
  if (rows.length === 0) return { fired, realizedPnl };
  // Usually every one is still resting: one read of the venue's open orders settles that, instead of
  // one order lookup each. An order missing from it (or a venue that omits client ids) is looked up.
  const open = venue.has.fetchOpenOrders ? await venue.fetchOpenOrders(r.symbol).catch(() => []) : [];
  const resting = new Set(open.filter((o) => o.status === 'open' && o.clientOrderId).map((o) => o.clientOrderId));
  // The fill's trades are closed before the twin is touched: a twin that filled too (both legs
  // triggered before the cancel) then closes what else it sold.
  const recordFill = async (row: ProtectionOrderRow, order: VenueOrder) => {
    fired.push({ ...orderSummary(order), purpose: row.purpose, fee: order.fee.cost, triggerPrice: order.triggerPrice });
    realizedPnl += await closeTrades(
      repos.trades,
      r.sessionId,
      r.symbol,
      { clientOrderId: order.clientOrderId, filled: order.filled, average: order.average, fee: order.fee.cost },
      at,
    );
  };
  const done = new Set<string>();
  for (const row of rows) {
    if (resting.has(row.clientOrderId) || done.has(row.id)) continue;
    const order = await venue.fetchOrderByClientId(row.clientOrderId, r.symbol);
    if (!order || order.status === 'open') continue;
    await repos.orders.saveCycleOrder({ ...r, cycleId: row.decisionId ?? undefined }, row.purpose, order);
    if (!(order.filled > 0)) continue;
    await recordFill(row, order);
    for (const twin of rows.filter((x) => x.decisionId === row.decisionId && x.id !== row.id)) {
      if (twin.status !== 'open') continue;
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
      if (final.filled > 0) await recordFill(twin, final);
      done.add(twin.id);
    }
  }
  return { fired, realizedPnl };
}
