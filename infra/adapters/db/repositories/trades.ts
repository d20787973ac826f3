// Trade rows: opened by a filled entry, closed by an exit fill (an exit order, a compensation, a stop
// or take-profit that fired). The cycle's statements are hand-written SQL: Prisma's compiled queries
// cost about 1.8 ms of worker CPU each.
import { Prisma } from '../prisma-client';
import { selectValue, type RepositoryDb } from './repository-db';

export interface NewTrade {
  id: string;
  sessionId: string;
  strategyId: string;
  symbol: string;
  side: 'long' | 'short';
  action: string;
  entryPrice: number;
  quantity: number;
  fee: number;
  entryOrderId: string;
  openedAt: Date;
}

export interface OpenTradeRow {
  id: string;
  side: string;
  quantity: number;
  entryPrice: number;
  fee: number;
}

export interface TradeClose {
  exitPrice: number;
  exitOrderId: string;
  closedAt: Date;
  pnl: number;
  pnlPercent: number | null;
  fee: number;
}

export interface ClosedTrade {
  pnl: number;
  pnlPercent: number | null;
  closedAt: number;
}

/** Text of the PnL of the trades stops / take-profits closed as seen by the cycle at `at` (the same on a retry). */
export const protectionPnlSql = (db: RepositoryDb, sessionId: string, symbol: string, at: Date) => Prisma.sql`
  (SELECT COALESCE(SUM(tr.pnl), 0)::text FROM ${db.table('trades')} tr
    WHERE tr.session_id = ${sessionId} AND tr.symbol = ${symbol} AND tr.closed_at = ${at} AND (tr.exit_order_id LIKE '%-sl' OR tr.exit_order_id LIKE '%-tp'))`;

export function createTradeRepository(db: RepositoryDb) {
  const trades = db.table('trades');
  return {
    async protectionPnlAt(sessionId: string, symbol: string, at: Date): Promise<number> {
      return Number(await selectValue<string>(db, protectionPnlSql(db, sessionId, symbol, at)));
    },

    /** Recorded once: a retry finds the row and leaves it as the first attempt wrote it. */
    async open(t: NewTrade): Promise<void> {
      await db.sql.rows(Prisma.sql`
        INSERT INTO ${trades} (id, session_id, strategy_id, symbol, side, action, status, entry_price, quantity, fee, entry_order_id, opened_at)
        VALUES (${t.id}, ${t.sessionId}, ${t.strategyId}, ${t.symbol}, ${t.side}, ${t.action}, 'open',
          ${t.entryPrice}::numeric, ${t.quantity}::numeric, ${t.fee}::numeric, ${t.entryOrderId}, ${t.openedAt}::timestamptz)
        ON CONFLICT (id) DO NOTHING`);
    },

    /** PnL of each trade this exit order already closed (none when it closed nothing yet). */
    async pnlClosedBy(exitOrderId: string): Promise<number[]> {
      const rows = await db.sql.rows<{ pnl: string | null }>(
        Prisma.sql`SELECT pnl::text AS pnl FROM ${trades} WHERE exit_order_id = ${exitOrderId}`,
      );
      return rows.map((t) => Number(t.pnl ?? 0));
    },

    /** The session's open trades on `symbol`, oldest first. */
    async listOpen(sessionId: string, symbol: string): Promise<OpenTradeRow[]> {
      const rows = await db.sql.rows<{
        id: string;
        side: string;
        quantity: string;
        entry_price: string;
        fee: string;
      }>(Prisma.sql`
        SELECT id, side, quantity::text AS quantity, entry_price::text AS entry_price, fee::text AS fee FROM ${trades}
        WHERE session_id = ${sessionId} AND symbol = ${symbol} AND status = 'open' ORDER BY opened_at ASC`);
      return rows.map((t) => ({
        id: t.id,
        side: t.side,
        quantity: Number(t.quantity),
        entryPrice: Number(t.entry_price),
        fee: Number(t.fee),
      }));
    },

    async close(id: string, c: TradeClose): Promise<void> {
      await db.sql.rows(Prisma.sql`
        UPDATE ${trades} SET status = 'closed', exit_price = ${c.exitPrice}::numeric, exit_order_id = ${c.exitOrderId}, closed_at = ${c.closedAt}::timestamptz,
          pnl = ${c.pnl}::numeric, pnl_percent = ${c.pnlPercent}::numeric, fee = ${c.fee}::numeric
        WHERE id = ${id}`);
    },

    /** Realized PnL of the strategy's last 500 closed trades, newest first. */
    async recentClosedPnl(strategyId: string): Promise<number[]> {
      const closed = await db.prisma.trade.findMany({
        where: { strategyId, status: 'closed' },
        select: { pnl: true },
        orderBy: { closedAt: 'desc' },
        take: 500,
      });
      return closed.map((t) => Number(t.pnl ?? 0));
    },

    /** Every closed trade of these strategy ids (a strategy's versions). */
    async listClosed(strategyIds: string[]): Promise<ClosedTrade[]> {
      const rows = await db.prisma.trade.findMany({
        where: { strategyId: { in: strategyIds }, status: 'closed', closedAt: { not: null } },
        select: { pnl: true, pnlPercent: true, closedAt: true },
      });
      return rows.map((t) => ({
        pnl: Number(t.pnl ?? 0),
        pnlPercent: t.pnlPercent === null ? null : Number(t.pnlPercent),
        closedAt: (t.closedAt as Date).getTime(),
      }));
    },
  };
}

export type TradeRepository = ReturnType<typeof createTradeRepository>;
