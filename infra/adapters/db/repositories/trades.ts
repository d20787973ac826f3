// Trade rows: opened by a filled entry, closed by an exit fill (an exit order, a compensation, a stop
// or take-profit that fired). The cycle's statements are hand-written SQL: Prisma's compiled queries
// cost about 1.8 ms of worker CPU each.
import type { ExitReason, ProtectionTrade } from '../../../../core/protections/types';
import { RECORD_TRADES, type TradeRecord } from '../../../../core/risk/strategy-stats';
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
  entryOrderId: string | null;
  side: string;
  quantity: number;
  entryPrice: number;
  fee: number;
}

/** One trade an exit ends (`whole`) or splits. */
export interface TradeExitPart {
  tradeId: string;
  whole: boolean;
  /** Id of the closed row a split adds. */
  closedId: string;
  quantity: number;
  /** The share of the entry fee the closed part takes from the open row. */
  entryFee: number;
  exitPrice: number;
  pnl: number;
  pnlPercent: number | null;
  /** Entry plus exit fee of the closed part. */
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
    WHERE tr.session_id = ${sessionId} AND tr.symbol = ${symbol} AND tr.closed_at = ${at} AND (tr.exit_order_id LIKE '%-sl' OR tr.exit_order_id LIKE '%-ts' OR tr.exit_order_id LIKE '%-tp'))`;

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

    /** When the session's position on `symbol` was entered: its oldest open trade's opening (ms), null with none open. */
    async openSince(sessionId: string, symbol: string): Promise<number | null> {
      const rows = await db.sql.rows<{ opened_at: Date | string | null }>(Prisma.sql`
        SELECT MIN(opened_at) AS opened_at FROM ${trades} WHERE session_id = ${sessionId} AND symbol = ${symbol} AND status = 'open'`);
      const at = rows[0]?.opened_at;
      return at ? new Date(at).getTime() : null;
    },

    /** The session's open trades on `symbol`, oldest first. */
    async listOpen(sessionId: string, symbol: string): Promise<OpenTradeRow[]> {
      const rows = await db.sql.rows<{
        id: string;
        entry_order_id: string | null;
        side: string;
        quantity: string;
        entry_price: string;
        fee: string;
      }>(Prisma.sql`
        SELECT id, entry_order_id, side, quantity::text AS quantity, entry_price::text AS entry_price, fee::text AS fee FROM ${trades}
        WHERE session_id = ${sessionId} AND symbol = ${symbol} AND status = 'open' ORDER BY opened_at ASC`);
      return rows.map((t) => ({
        id: t.id,
        entryOrderId: t.entry_order_id,
        side: t.side,
        quantity: Number(t.quantity),
        entryPrice: Number(t.entry_price),
        fee: Number(t.fee),
      }));
    },

    /**
     * What one exit ended, in one statement so that a crash leaves all of it or none (the exit's
     * closed rows are what marks it applied). A whole part closes its trade; a partial one adds the
     * closed trade `closedId` (same entry, its share of the entry fee) and leaves the rest open on the
     * original row with its quantity and entry fee reduced.
     */
    async closeByExit(exitOrderId: string, closedAt: Date, parts: TradeExitPart[]): Promise<void> {
      if (!parts.length) return;
      const values = Prisma.join(
        parts.map(
          (
            p,
          ) => Prisma.sql`(${p.tradeId}::text, ${p.whole}::boolean, ${p.closedId}::text, ${p.quantity}::numeric, ${p.entryFee}::numeric,
            ${p.exitPrice}::numeric, ${p.pnl}::numeric, ${p.pnlPercent}::numeric, ${p.fee}::numeric)`,
        ),
      );
      await db.sql.rows(Prisma.sql`
        WITH p (trade_id, whole, closed_id, qty, entry_fee, exit_price, pnl, pnl_percent, fee) AS (VALUES ${values}),
        whole_closed AS (
          UPDATE ${trades} t SET status = 'closed', exit_price = p.exit_price, exit_order_id = ${exitOrderId}, closed_at = ${closedAt}::timestamptz,
            pnl = p.pnl, pnl_percent = p.pnl_percent, fee = p.fee
          FROM p WHERE p.whole AND t.id = p.trade_id AND t.status = 'open'
          RETURNING t.id),
        part AS (
          INSERT INTO ${trades} (id, session_id, strategy_id, symbol, side, action, status, entry_price, quantity, fee, entry_order_id, opened_at,
            exit_price, exit_order_id, closed_at, pnl, pnl_percent)
          SELECT p.closed_id, t.session_id, t.strategy_id, t.symbol, t.side, t.action, 'closed', t.entry_price, p.qty, p.fee, t.entry_order_id, t.opened_at,
            p.exit_price, ${exitOrderId}, ${closedAt}::timestamptz, p.pnl, p.pnl_percent
          FROM p JOIN ${trades} t ON t.id = p.trade_id
          WHERE NOT p.whole AND t.status = 'open' AND t.quantity > p.qty
          ON CONFLICT (id) DO NOTHING
          RETURNING id)
        UPDATE ${trades} t SET quantity = t.quantity - p.qty, fee = GREATEST(t.fee - p.entry_fee, 0)
        FROM p WHERE NOT p.whole AND t.id = p.trade_id AND p.closed_id IN (SELECT id FROM part)`);
    },

    /**
     * The strategy's record over its last RECORD_TRADES closed trades, summed in the database (one row
     * back instead of the trades): read at every cycle, so Kelly sizes with every trade closed so far.
     */
    async closedRecord(strategyId: string): Promise<TradeRecord> {
      const rows = await db.sql.rows<{
        n: string;
        wins: string;
        win_sum: string | null;
        losses: string;
        loss_sum: string | null;
      }>(
        Prisma.sql`SELECT COUNT(*)::text AS n, COUNT(*) FILTER (WHERE pnl > 0)::text AS wins, SUM(pnl) FILTER (WHERE pnl > 0)::text AS win_sum,
          COUNT(*) FILTER (WHERE pnl < 0)::text AS losses, SUM(pnl) FILTER (WHERE pnl < 0)::text AS loss_sum
          FROM (SELECT COALESCE(pnl, 0) AS pnl FROM ${trades} WHERE strategy_id = ${strategyId} AND status = 'closed'
            ORDER BY closed_at DESC NULLS LAST, id DESC LIMIT ${RECORD_TRADES}) r`,
      );
      const r = rows[0];
      return {
        count: Number(r?.n ?? 0),
        wins: Number(r?.wins ?? 0),
        winSum: Number(r?.win_sum ?? 0),
        losses: Number(r?.losses ?? 0),
        lossSum: Number(r?.loss_sum ?? 0),
      };
    },

    /**
     * The session's trades closed at or after `sinceMs`, oldest exit first, as protections read them.
     * Why a trade ended comes from its exit order's id, whose suffix names the order's purpose.
     */
    async closedForProtections(sessionId: string, sinceMs: number): Promise<ProtectionTrade[]> {
      const rows = await db.prisma.trade.findMany({
        where: { sessionId, status: 'closed', closedAt: { gte: new Date(sinceMs) } },
        select: {
          symbol: true,
          side: true,
          openedAt: true,
          closedAt: true,
          pnl: true,
          pnlPercent: true,
          exitOrderId: true,
        },
        orderBy: [{ closedAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map((t) => ({
        symbol: t.symbol,
        side: t.side === 'short' ? 'short' : 'long',
        entryTime: t.openedAt.getTime(),
        exitTime: (t.closedAt as Date).getTime(),
        pnl: Number(t.pnl ?? 0),
        profitRatio: t.pnlPercent === null ? 0 : Number(t.pnlPercent) / 100,
        exitReason: exitReasonOf(t.exitOrderId),
      }));
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

const EXIT_REASONS: Record<string, ExitReason> = {
  sl: 'stop_loss',
  tp: 'take_profit',
  ts: 'trailing_stop',
  cl: 'signal',
};

function exitReasonOf(exitOrderId: string | null): ExitReason {
  const suffix = exitOrderId?.match(/-([a-z]{2})$/)?.[1];
  return (suffix && EXIT_REASONS[suffix]) || 'other';
}
