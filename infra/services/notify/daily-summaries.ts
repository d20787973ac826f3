// The daily summaries of a UTC day: one per session that was running during it (it has equity
// recorded in the day or closed a trade in it), from the same trade and equity reads as the API.
import type { PrismaClient } from '../../adapters/db';
import { dailySummaryNotification } from '../../../core/notify/daily-summary';
import type { Notification } from '../../../core/notify/notification';
import { closedTradesSince, equitySeries } from '../ledger/ledger-reads';
import { profitSummary } from '../ledger/profit-summary';

const DAY_MS = 86_400_000;

export async function dailySummaries(prisma: PrismaClient, dayStartMs: number): Promise<Notification[]> {
  const from = new Date(dayStartMs);
  const to = new Date(dayStartMs + DAY_MS);
  const [withEquity, withTrades] = await Promise.all([
    prisma.equitySnapshot.findMany({
      where: { time: { gte: from, lt: to }, sessionId: { not: null } },
      distinct: ['sessionId'],
      select: { sessionId: true },
    }),
    prisma.trade.findMany({
      where: { closedAt: { gte: from, lt: to }, sessionId: { not: null } },
      distinct: ['sessionId'],
      select: { sessionId: true },
    }),
  ]);
  const ids = [...new Set([...withEquity, ...withTrades].map((r) => r.sessionId!))].sort();
  const sessions = await prisma.tradingSession.findMany({ where: { id: { in: ids } } });
  const out: Notification[] = [];
  for (const s of sessions) {
    const trades = (await closedTradesSince(prisma, from, s.id)).filter((t) => t.closedAt && t.closedAt < to);
    const p = profitSummary(trades.map((t) => ({ pnl: t.pnl === null ? null : Number(t.pnl), closedAt: t.closedAt })));
    const equity = await equitySeries(prisma, {
      sessionId: s.id,
      fromMs: dayStartMs,
      toMs: dayStartMs + DAY_MS - 1,
      limit: 100_000,
    });
    out.push(
      dailySummaryNotification({
        sessionId: s.id,
        mode: s.mode,
        exchange: s.exchange,
        symbols: s.symbols,
        dayStartMs,
        trades: p.trades,
        wins: p.wins,
        losses: p.losses,
        pnl: p.pnl,
        best: p.best,
        worst: p.worst,
        startEquity: equity.length ? Number(equity[0].equity) : null,
        endEquity: equity.length ? Number(equity[equity.length - 1].equity) : null,
      }),
    );
  }
  return out;
}
