// Position rows: what a session holds per symbol as the database records it, synced from the venue
// (the source of truth) by every cycle, by reconciliation and by flattening. The cycle's statements
// are hand-written SQL: Prisma's compiled queries cost several times the round trip in worker CPU.
import { Prisma } from '../prisma-client';
import { selectValue, type RepositoryDb } from './repository-db';

export interface OpenPositionRow {
  id: string;
  side: string;
  entryPrice: number;
}

export interface StoredPosition {
  id: string;
  symbol: string;
  side: string;
  size: number;
  stopLoss?: number;
  takeProfit?: number;
}

/** A position as the venue holds it; a stop-loss / take-profit left undefined keeps the stored one. */
export interface HeldValues {
  side: 'long' | 'short';
  size: number;
  entryPrice: number;
  markPrice: number | null;
  unrealizedPnl: number;
  leverage: number;
  stopLoss?: number;
  takeProfit?: number;
}

export type OpenPositionJson = { id: string; side: string; entryPrice: string } | null;

/** JSON object (id, side, entryPrice as text) of the session's latest open Position row on `symbol`, or NULL. */
export const openPositionSql = (db: RepositoryDb, sessionId: string, symbol: string) => Prisma.sql`
  (SELECT json_build_object('id', p.id, 'side', p.side, 'entryPrice', p.entry_price::text) FROM ${db.table('positions')} p
    WHERE p.session_id = ${sessionId} AND p.symbol = ${symbol} AND p.status = 'open' ORDER BY p.opened_at DESC LIMIT 1)`;

export const toOpenPosition = (p: OpenPositionJson): OpenPositionRow | null =>
  p ? { id: p.id, side: p.side, entryPrice: Number(p.entryPrice) } : null;

export function createPositionRepository(db: RepositoryDb) {
  const positions = db.table('positions');
  const set = (
    v: HeldValues,
  ) => Prisma.sql`side = ${v.side}, size = ${v.size}::numeric, entry_price = ${v.entryPrice}::numeric,
    mark_price = ${v.markPrice}::numeric, unrealized_pnl = ${v.unrealizedPnl}::numeric, leverage = ${v.leverage}::numeric,
    stop_loss = COALESCE(${v.stopLoss ?? null}::numeric, positions.stop_loss), take_profit = COALESCE(${v.takeProfit ?? null}::numeric, positions.take_profit), updated_at = NOW()`;
  return {
    /** The session's latest open row on `symbol`. */
    async openPosition(sessionId: string, symbol: string): Promise<OpenPositionRow | null> {
      return toOpenPosition(await selectValue<OpenPositionJson>(db, openPositionSql(db, sessionId, symbol)));
    },

    /** Every open row of the session, oldest first. */
    async listOpen(sessionId: string): Promise<StoredPosition[]> {
      const rows = await db.prisma.position.findMany({
        where: { sessionId, status: 'open' },
        orderBy: { openedAt: 'asc' },
      });
      return rows.map((r) => ({
        id: r.id,
        symbol: r.symbol,
        side: r.side,
        size: r.size.toNumber(),
        stopLoss: r.stopLoss?.toNumber(),
        takeProfit: r.takeProfit?.toNumber(),
      }));
    },

    /** A held position marked again (the common case: every cycle). */
    async mark(id: string, v: HeldValues): Promise<void> {
      await db.sql.rows(Prisma.sql`UPDATE ${positions} AS positions SET ${set(v)} WHERE id = ${id}`);
    },

    /** A position the cycle `id` found newly held (or held on the other side). */
    async open(
      id: string,
      at: { sessionId: string; exchange: string; symbol: string; openedAt: Date },
      v: HeldValues,
    ): Promise<void> {
      await db.sql.rows(Prisma.sql`
        INSERT INTO ${positions} AS positions (id, session_id, exchange, symbol, side, size, entry_price, mark_price, stop_loss, take_profit, unrealized_pnl, leverage, opened_at, updated_at)
        VALUES (${id}, ${at.sessionId}, ${at.exchange}, ${at.symbol}, ${v.side}, ${v.size}::numeric, ${v.entryPrice}::numeric, ${v.markPrice}::numeric,
          ${v.stopLoss ?? null}::numeric, ${v.takeProfit ?? null}::numeric, ${v.unrealizedPnl}::numeric, ${v.leverage}::numeric, ${at.openedAt}::timestamptz, NOW())
        ON CONFLICT (id) DO UPDATE SET ${set(v)}`);
    },

    async close(id: string, at: Date): Promise<void> {
      await db.sql.rows(
        Prisma.sql`UPDATE ${positions} SET status = 'closed', closed_at = ${at}::timestamptz, updated_at = NOW() WHERE id = ${id}`,
      );
    },

    /** The venue holds nothing on `symbol`: every open row of it is closed and emptied. */
    async closeSymbol(sessionId: string, symbol: string, at: Date): Promise<void> {
      await db.sql.rows(Prisma.sql`
        UPDATE ${positions} SET status = 'closed', closed_at = ${at}::timestamptz, size = 0, unrealized_pnl = 0, updated_at = NOW()
        WHERE session_id = ${sessionId} AND symbol = ${symbol} AND status = 'open'`);
    },

    /** Closes the session's open rows of every symbol but those still held. */
    async closeAllBut(sessionId: string, stillHeld: string[], at: Date): Promise<void> {
      await db.prisma.position.updateMany({
        where: { sessionId, status: 'open', symbol: { notIn: stillHeld } },
        data: { status: 'closed', closedAt: at },
      });
    },

    /** A position the venue holds that the database did not know. */
    async create(p: {
      sessionId: string;
      exchange: string;
      symbol: string;
      side: string;
      size: number;
      entryPrice: number;
      markPrice?: number;
    }): Promise<string> {
      return (await db.prisma.position.create({ data: p, select: { id: true } })).id;
    },

    async resize(id: string, side: string, size: number): Promise<void> {
      await db.prisma.position.update({ where: { id }, data: { side, size } });
    },
  };
}

export type PositionRepository = ReturnType<typeof createPositionRepository>;
