// Kill / kill switch: cancel everything resting, close everything held. Safe to repeat: each
// attempt re-reads the venue, so a retry after a partial run only closes what is still open.
import type { ExchangePlugin } from '../core/exchange/types';
import { venueClientOrderId } from '../infra/adapters/exchange/client-order-id';
import type { PrismaClient } from '../infra/adapters/db';
import type { SessionRef } from './session-reconcile';
import { readAccount } from './session-venue';

export interface FlattenResult {
  canceled: string[];
  closed: { symbol: string; side: 'buy' | 'sell'; quantity: number; clientOrderId: string; status: string }[];
  remaining: number;
}

/** `tag` is stable for one flatten request (e.g. "kill-12"); `attempt` makes each retry's close orders distinct. */
export async function flattenSession(prisma: PrismaClient, venue: ExchangePlugin, ref: SessionRef, tag: string, attempt: number): Promise<FlattenResult> {
  const canceled: string[] = [];
  for (const symbol of ref.symbols) {
    for (const o of await venue.fetchOpenOrders(symbol)) {
      await venue.cancelOrder(o.id, symbol);
      canceled.push(o.clientOrderId);
      await prisma.order.updateMany({ where: { clientOrderId: o.clientOrderId }, data: { status: 'canceled' } });
    }
  }
  const closed: FlattenResult['closed'] = [];
  const before = await readAccount(venue, ref.symbols);
  for (const p of before.positions) {
    const side = p.side === 'long' ? 'sell' : 'buy';
    const amount = await venue.amountToPrecision(p.symbol, p.quantity);
    if (!(amount > 0)) continue;
    const clientOrderId = venueClientOrderId(`fl-${ref.sessionId}-${tag}-${attempt}-${p.symbol.replace(/[^A-Za-z0-9]/g, '')}`, 36);
    // A crash after placing but before recording leaves the order on the venue: find it, never place it twice.
    const order =
      (await venue.fetchOrderByClientId(clientOrderId, p.symbol)) ??
      (await venue.createOrder({ symbol: p.symbol, side, type: 'market', amount, clientOrderId, reduceOnly: venue.marketType === 'swap' ? true : undefined }));
    await prisma.order.upsert({
      where: { clientOrderId },
      create: {
        clientOrderId, exchangeOrderId: order.id, sessionId: ref.sessionId, exchange: ref.exchange, symbol: p.symbol, side, type: 'market', purpose: 'close',
        status: order.status, amount, filled: order.filled, average: order.average, fee: order.fee.cost, feeCurrency: order.fee.currency, reduceOnly: venue.marketType === 'swap', mode: ref.mode,
      },
      update: { status: order.status, filled: order.filled, average: order.average, exchangeOrderId: order.id },
    });
    closed.push({ symbol: p.symbol, side, quantity: amount, clientOrderId, status: order.status });
  }
  const after = await readAccount(venue, ref.symbols);
  const stillHeld = new Set(after.positions.map((p) => p.symbol));
  await prisma.position.updateMany({
    where: { sessionId: ref.sessionId, status: 'open', symbol: { notIn: [...stillHeld] } },
    data: { status: 'closed', closedAt: new Date() },
  });
  return { canceled, closed, remaining: after.positions.length };
}
