// The trade, position and equity reads the gateway's ledger routes and the Telegram bot share, so a
// number the bot quotes is the number the API serves.
import type { PrismaClient } from '../../adapters/db';

export interface PageArgs {
  take: number;
  skip?: number;
  cursor?: { id: string };
}

export interface TradeFilter {
  sessionId?: string;
  symbol?: string;
  status?: string;
}

/** Trades, newest opened first. */
export function listTrades(prisma: PrismaClient, f: TradeFilter, page: PageArgs) {
  return prisma.trade.findMany({
    where: { sessionId: f.sessionId, symbol: f.symbol, status: f.status },
    orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
    ...page,
  });
}

export type TradeRow = Awaited<ReturnType<typeof listTrades>>[number];

/** Closed trades closed at or after `since` (every closed trade without it), oldest closed first. */
export function closedTradesSince(prisma: PrismaClient, since?: Date, sessionId?: string) {
  return prisma.trade.findMany({
    where: { status: 'closed', sessionId, ...(since ? { closedAt: { gte: since } } : {}) },
    orderBy: [{ closedAt: 'asc' }, { id: 'asc' }],
  });
}

/** Positions, newest opened first; `open` by default, `all` for every status. */
export function listPositions(
  prisma: PrismaClient,
  f: { sessionId?: string; status?: 'open' | 'closed' | 'all' },
  page: PageArgs,
) {
  const status = f.status ?? 'open';
  return prisma.position.findMany({
    where: { sessionId: f.sessionId, ...(status === 'all' ? {} : { status }) },
    orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
    ...page,
  });
}

/** The newest `limit` equity points of a session in a time range, oldest first. */
export async function equitySeries(
  prisma: PrismaClient,
  q: { sessionId?: string; fromMs?: number; toMs?: number; limit: number },
) {
  const time = {
    ...(q.fromMs !== undefined ? { gte: new Date(q.fromMs) } : {}),
    ...(q.toMs !== undefined ? { lte: new Date(q.toMs) } : {}),
  };
  return (
    await prisma.equitySnapshot.findMany({
      where: { sessionId: q.sessionId, time },
      orderBy: { time: 'desc' },
      take: q.limit,
    })
  ).reverse();
}
