// Order rows, one per exchange order and keyed by clientOrderId: written right after every exchange
// call (so the database knows every order even if the cycle dies before it records the rest), on
// flattening and on reconciliation. The cycle's writes and reads are hand-written SQL: Prisma's
// compiled upsert cost several times the round trip in worker CPU.
import { randomUUID } from 'node:crypto';
import type { Order } from '../../../../core/exchange/types';
import type { OrderPurpose, TradingMode } from '../../../../prisma/generated/enums';
import { Prisma } from '../prisma-client';
import { selectValue, type RepositoryDb } from './repository-db';

export interface OrderContext {
  sessionId: string;
  cycleId?: string;
  mode: TradingMode;
  exchange: string;
}

export interface ProtectionOrderRow {
  id: string;
  clientOrderId: string;
  purpose: 'stop_loss' | 'take_profit';
  decisionId: string | null;
  /** As stored: `open`, or a fill whose follow-ups are not all done yet (protectionToSettleSql). */
  status: string;
}

export interface OpenOrderRow {
  id: string;
  clientOrderId: string;
  symbol: string;
}

/** JSON array of ProtectionOrderRow: the session's stop-loss / take-profit orders on `symbol` the database still thinks are open, oldest first. */
export const openProtectionOrdersSql = (db: RepositoryDb, sessionId: string, symbol: string) => Prisma.sql`
  (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'clientOrderId', o.client_order_id, 'purpose', o.purpose::text, 'decisionId', o.decision_id, 'status', o.status) ORDER BY o.created_at ASC), '[]'::json)
    FROM ${db.table('orders')} o
    WHERE o.session_id = ${sessionId} AND o.symbol = ${symbol} AND o.status = 'open' AND o.purpose IN ('stop_loss', 'take_profit'))`;

/**
 * JSON array of ProtectionOrderRow: the protection orders a sync still has work on, oldest first. The
 * open ones, and the ones stored as filled whose consequences a crash may have cut short: the trade of
 * their entry still open with no trade closed by them, or their twin (same cycle) still open. Their
 * stored status is no evidence that the follow-ups ran, the ledger and the twin are.
 */
export const protectionToSettleSql = (db: RepositoryDb, sessionId: string, symbol: string) => {
  const orders = db.table('orders');
  const trades = db.table('trades');
  // A cycle's clientOrderIds differ only in the purpose code after the last '-': its entry ends in '-en'.
  const entryOf = Prisma.sql`left(o.client_order_id, length(o.client_order_id) - 2) || 'en'`;
  return Prisma.sql`
  (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'clientOrderId', o.client_order_id, 'purpose', o.purpose::text, 'decisionId', o.decision_id, 'status', o.status) ORDER BY o.created_at ASC), '[]'::json)
    FROM ${orders} o
    WHERE o.session_id = ${sessionId} AND o.symbol = ${symbol} AND o.purpose IN ('stop_loss', 'take_profit')
      AND (o.status = 'open'
        OR (o.filled > 0 AND (
          (NOT EXISTS (SELECT 1 FROM ${trades} x WHERE x.exit_order_id = o.client_order_id)
            AND EXISTS (SELECT 1 FROM ${trades} e WHERE e.entry_order_id = ${entryOf} AND e.status = 'open'))
          OR EXISTS (SELECT 1 FROM ${orders} tw WHERE tw.decision_id = o.decision_id AND tw.id <> o.id AND tw.status = 'open'
            AND tw.purpose IN ('stop_loss', 'take_profit'))))))`;
};

export function createOrderRepository(db: RepositoryDb) {
  const { prisma } = db;
  return {
    /** The venue's view of a cycle's order: inserted once, its fill state refreshed on every later call. */
    async saveCycleOrder(ctx: OrderContext, purpose: OrderPurpose, o: Order): Promise<void> {
      const average = o.average ?? null;
      const feeCurrency = o.fee.currency || null;
      await db.sql.rows(Prisma.sql`
        INSERT INTO ${db.table('orders')} (id, client_order_id, session_id, decision_id, exchange, symbol, side, type, purpose, price, trigger_price,
          amount, reduce_only, mode, exchange_order_id, status, filled, average, fee, fee_currency, updated_at)
        VALUES (${randomUUID()}, ${o.clientOrderId}, ${ctx.sessionId}, ${ctx.cycleId ?? null}, ${ctx.exchange}, ${o.symbol}, ${o.side}, ${o.type},
          CAST(${purpose} AS ${db.table('order_purpose')}), ${o.price ?? null}::numeric, ${o.triggerPrice ?? null}::numeric, ${o.amount}, ${o.reduceOnly ?? false},
          CAST(${ctx.mode} AS ${db.table('trading_mode')}), ${o.id}, ${o.status}, ${o.filled}, ${average}::numeric, ${o.fee.cost}, ${feeCurrency}, NOW())
        ON CONFLICT (client_order_id) DO UPDATE SET exchange_order_id = EXCLUDED.exchange_order_id, status = EXCLUDED.status, filled = EXCLUDED.filled,
          average = EXCLUDED.average, fee = EXCLUDED.fee, fee_currency = EXCLUDED.fee_currency, updated_at = NOW()`);
    },

    openProtectionOrders(sessionId: string, symbol: string): Promise<ProtectionOrderRow[]> {
      return selectValue<ProtectionOrderRow[]>(db, openProtectionOrdersSql(db, sessionId, symbol));
    },

    protectionToSettle(sessionId: string, symbol: string): Promise<ProtectionOrderRow[]> {
      return selectValue<ProtectionOrderRow[]>(db, protectionToSettleSql(db, sessionId, symbol));
    },

    /** A flatten's market close of what `ref`'s session held on `symbol`. */
    async saveFlattenClose(
      ref: Omit<OrderContext, 'cycleId'>,
      close: { clientOrderId: string; symbol: string; side: string; amount: number; reduceOnly: boolean },
      order: Order,
    ): Promise<void> {
      await prisma.order.upsert({
        where: { clientOrderId: close.clientOrderId },
        create: {
          clientOrderId: close.clientOrderId,
          exchangeOrderId: order.id,
          sessionId: ref.sessionId,
          exchange: ref.exchange,
          symbol: close.symbol,
          side: close.side,
          type: 'market',
          purpose: 'close',
          status: order.status,
          amount: close.amount,
          filled: order.filled,
          average: order.average,
          fee: order.fee.cost,
          feeCurrency: order.fee.currency,
          reduceOnly: close.reduceOnly,
          mode: ref.mode,
        },
        update: { status: order.status, filled: order.filled, average: order.average, exchangeOrderId: order.id },
      });
    },

    async markCanceled(clientOrderId: string): Promise<void> {
      await prisma.order.updateMany({ where: { clientOrderId }, data: { status: 'canceled' } });
    },

    /** Every order of the session the database thinks is open. */
    async listOpen(sessionId: string): Promise<OpenOrderRow[]> {
      return prisma.order.findMany({
        where: { sessionId, status: 'open' },
        select: { id: true, clientOrderId: true, symbol: true },
      });
    },

    async findStatus(clientOrderId: string): Promise<{ id: string; status: string } | null> {
      return prisma.order.findUnique({ where: { clientOrderId }, select: { id: true, status: true } });
    },

    /** An order found resting on the venue that the database did not know. */
    async saveFoundOnVenue(ref: Omit<OrderContext, 'cycleId'>, purpose: OrderPurpose, o: Order): Promise<void> {
      await prisma.order.create({
        data: {
          clientOrderId: o.clientOrderId,
          exchangeOrderId: o.id,
          sessionId: ref.sessionId,
          exchange: ref.exchange,
          symbol: o.symbol,
          side: o.side,
          type: o.type,
          purpose,
          status: o.status,
          price: o.price,
          triggerPrice: o.triggerPrice,
          amount: o.amount,
          filled: o.filled,
          average: o.average,
          reduceOnly: o.reduceOnly,
          mode: ref.mode,
        },
      });
    },

    /** The venue's state of a known order; a field left undefined keeps its stored value. */
    async updateState(
      id: string,
      s: { status: string; filled?: number; average?: number; exchangeOrderId?: string },
    ): Promise<void> {
      await prisma.order.update({ where: { id }, data: s });
    },
  };
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;
