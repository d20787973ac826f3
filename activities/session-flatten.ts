// Kill / kill switch: cancel everything resting, close everything held. Safe to repeat: each
// attempt re-reads the venue, so a retry after a partial run only closes what is still open.
import type { ExchangePlugin } from '../core/exchange/types';
import { venueClientOrderId } from '../infra/adapters/exchange/client-order-id';
import type { Repositories } from '../infra/adapters/db';
import type { SessionRef } from './session-reconcile';
import { readAccount } from './session-venue';

export interface FlattenResult {
  canceled: string[];
  closed: { symbol: string; side: 'buy' | 'sell'; quantity: number; clientOrderId: string; status: string }[];
  remaining: number;
}

/** `tag` is stable for one flatten request (e.g. "kill-12"); `attempt` makes each retry's close orders distinct. */
export async function flattenSession(
  repos: Pick<Repositories, 'orders' | 'positions'>,
  venue: ExchangePlugin,
  ref: SessionRef,
  tag: string,
  attempt: number,
): Promise<FlattenResult> {
  const canceled: string[] = [];
  for (const symbol of ref.symbols) {
    for (const o of await venue.fetchOpenOrders(symbol)) {
      await venue.cancelOrder(o.id, symbol);
      canceled.push(o.clientOrderId);
      await repos.orders.markCanceled(o.clientOrderId);
    }
  }
  const closed: FlattenResult['closed'] = [];
  const before = await readAccount(venue, ref.symbols);
  for (const p of before.positions) {
    const side = p.side === 'long' ? 'sell' : 'buy';
    const amount = await venue.amountToPrecision(p.symbol, p.quantity);
    if (!(amount > 0)) continue;
    const clientOrderId = venueClientOrderId(
      `fl-${ref.sessionId}-${tag}-${attempt}-${p.symbol.replace(/[^A-Za-z0-9]/g, '')}`,
      36,
    );
    // A crash after placing but before recording leaves the order on the venue: find it, never place it twice.
    const order =
      (await venue.fetchOrderByClientId(clientOrderId, p.symbol)) ??
      (await venue.createOrder({
        symbol: p.symbol,
        side,
        type: 'market',
        amount,
        clientOrderId,
        reduceOnly: venue.marketType === 'swap' ? true : undefined,
      }));
    await repos.orders.saveFlattenClose(
      ref,
      { clientOrderId, symbol: p.symbol, side, amount, reduceOnly: venue.marketType === 'swap' },
      order,
    );
    closed.push({ symbol: p.symbol, side, quantity: amount, clientOrderId, status: order.status });
  }
  const after = await readAccount(venue, ref.symbols);
  const stillHeld = new Set(after.positions.map((p) => p.symbol));
  await repos.positions.closeAllBut(ref.sessionId, [...stillHeld], new Date());
  return { canceled, closed, remaining: after.positions.length };
}
