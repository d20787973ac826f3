// Reconciliation: the venue is the truth for what is held and what rests on the book. Every
// difference with the database is fixed in the database and recorded as a ReconciliationEvent.
import type { Order as VenueOrder } from '../core/exchange/types';
import type { PrismaClient } from '../infra/adapters/db';
import type { ExchangePlugin } from '../core/exchange/types';
import type { TradingMode } from '../workflows/trading-contract';
import { readAccount, type AccountSnapshot } from './session-venue';

export interface SessionRef {
  sessionId: string;
  mode: TradingMode;
  exchange: string;
  symbols: string[];
}

export interface DriftEvent {
  kind: 'position_missing_in_db' | 'position_missing_on_venue' | 'position_mismatch' | 'order_missing_in_db' | 'order_status_mismatch' | 'order_missing_on_venue';
  symbol: string;
  details: Record<string, unknown>;
}

export interface ReconcileResult {
  drift: DriftEvent[];
  account: AccountSnapshot;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const purposeOf = (o: VenueOrder) => (o.type === 'stop_market' ? 'stop_loss' : o.type === 'take_profit_market' ? 'take_profit' : 'entry') as 'stop_loss' | 'take_profit' | 'entry';

export async function reconcileSession(prisma: PrismaClient, venue: ExchangePlugin, ref: SessionRef): Promise<ReconcileResult> {
  const drift: DriftEvent[] = [];
  const account = await readAccount(venue, ref.symbols);

  const dbPositions = await prisma.position.findMany({ where: { sessionId: ref.sessionId, status: 'open' }, orderBy: { openedAt: 'asc' } });
  for (const symbol of ref.symbols) {
    const held = account.positions.find((p) => p.symbol === symbol);
    const rows = dbPositions.filter((p) => p.symbol === symbol);
    const [row, ...extra] = rows;
    for (const x of extra) {
      await prisma.position.update({ where: { id: x.id }, data: { status: 'closed', closedAt: new Date() } });
      drift.push({ kind: 'position_mismatch', symbol, details: { duplicateRowClosed: x.id } });
    }
    if (held && !row) {
      const created = await prisma.position.create({
        data: { sessionId: ref.sessionId, exchange: ref.exchange, symbol, side: held.side, size: held.quantity, entryPrice: held.entryPrice ?? held.markPrice ?? 0, markPrice: held.markPrice },
      });
      drift.push({ kind: 'position_missing_in_db', symbol, details: { positionId: created.id, side: held.side, quantity: held.quantity } });
    } else if (!held && row) {
      await prisma.position.update({ where: { id: row.id }, data: { status: 'closed', closedAt: new Date() } });
      drift.push({ kind: 'position_missing_on_venue', symbol, details: { positionId: row.id, side: row.side, size: row.size.toNumber() } });
    } else if (held && row && (row.side !== held.side || !same(row.size.toNumber(), held.quantity))) {
      await prisma.position.update({ where: { id: row.id }, data: { side: held.side, size: held.quantity } });
      drift.push({ kind: 'position_mismatch', symbol, details: { positionId: row.id, db: { side: row.side, size: row.size.toNumber() }, venue: { side: held.side, quantity: held.quantity } } });
    }
  }

  const dbOpen = await prisma.order.findMany({ where: { sessionId: ref.sessionId, status: 'open' } });
  const venueOpen = (await Promise.all(ref.symbols.map((s) => venue.fetchOpenOrders(s)))).flat();
  const venueIds = new Set(venueOpen.map((o) => o.clientOrderId));
  for (const o of venueOpen) {
    const row = await prisma.order.findUnique({ where: { clientOrderId: o.clientOrderId } });
    if (!row) {
      await prisma.order.create({
        data: {
          clientOrderId: o.clientOrderId, exchangeOrderId: o.id, sessionId: ref.sessionId, exchange: ref.exchange, symbol: o.symbol, side: o.side, type: o.type,
          purpose: purposeOf(o), status: o.status, price: o.price, triggerPrice: o.triggerPrice, amount: o.amount, filled: o.filled, average: o.average, reduceOnly: o.reduceOnly, mode: ref.mode,
        },
      });
      drift.push({ kind: 'order_missing_in_db', symbol: o.symbol, details: { clientOrderId: o.clientOrderId, side: o.side, type: o.type, amount: o.amount } });
    } else if (row.status !== 'open') {
      await prisma.order.update({ where: { id: row.id }, data: { status: o.status, filled: o.filled, exchangeOrderId: o.id } });
      drift.push({ kind: 'order_status_mismatch', symbol: o.symbol, details: { clientOrderId: o.clientOrderId, db: row.status, venue: o.status } });
    }
  }
  for (const row of dbOpen) {
    if (venueIds.has(row.clientOrderId)) continue;
    const found = await venue.fetchOrderByClientId(row.clientOrderId, row.symbol);
    // Not on the venue at all: it was never placed (a crash between recording and placing).
    const status = found?.status ?? 'canceled';
    await prisma.order.update({ where: { id: row.id }, data: { status, filled: found?.filled ?? row.filled, average: found?.average ?? row.average, exchangeOrderId: found?.id ?? row.exchangeOrderId } });
    drift.push({ kind: found ? 'order_status_mismatch' : 'order_missing_on_venue', symbol: row.symbol, details: { clientOrderId: row.clientOrderId, db: 'open', venue: found?.status ?? 'absent' } });
  }

  if (drift.length) {
    await prisma.reconciliationEvent.createMany({ data: drift.map((d) => ({ sessionId: ref.sessionId, kind: d.kind, details: { symbol: d.symbol, ...d.details } as object })) });
  }
  return { drift, account };
}
