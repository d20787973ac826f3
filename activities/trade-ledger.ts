// Closing Trade rows with an exit fill (an exit order, a compensation, a stop or take-profit that
// fired), oldest first. Idempotent: trades already closed by this exit report the same PnL again.
import type { ActivityDeps } from './deps';

export interface ExitFill {
  clientOrderId: string;
  filled: number;
  average?: number;
  fee: number;
}

export async function closeTrades(deps: ActivityDeps, sessionId: string, symbol: string, exit: ExitFill, at: Date): Promise<number> {
  const done = await deps.prisma.trade.findMany({ where: { exitOrderId: exit.clientOrderId } });
  if (done.length) return done.reduce((s, t) => s + Number(t.pnl ?? 0), 0);
  const open = await deps.prisma.trade.findMany({ where: { sessionId, symbol, status: 'open' }, orderBy: { openedAt: 'asc' } });
  const exitPrice = exit.average ?? 0;
  let remaining = exit.filled;
  let pnl = 0;
  for (const t of open) {
    if (remaining <= 1e-12) break;
    const qty = Number(t.quantity);
    const closing = Math.min(qty, remaining);
    const sign = t.side === 'long' ? 1 : -1;
    const entryPrice = Number(t.entryPrice);
    const fees = Number(t.fee) * (closing / qty) + exit.fee * (closing / exit.filled);
    const tradePnl = sign * (exitPrice - entryPrice) * closing - fees;
    pnl += tradePnl;
    remaining -= closing;
    await deps.prisma.trade.update({
      where: { id: t.id },
      data: { status: 'closed', exitPrice, exitOrderId: exit.clientOrderId, closedAt: at, pnl: tradePnl, pnlPercent: entryPrice > 0 ? (tradePnl / (entryPrice * closing)) * 100 : null, fee: fees },
    });
  }
  return pnl;
}
