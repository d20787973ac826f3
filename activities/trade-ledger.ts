// Closing Trade rows with an exit fill (an exit order, a compensation, a stop or take-profit that
// fired), oldest first. Idempotent: trades already closed by this exit report the same PnL again.
import type { TradeRepository } from '../infra/adapters/db/repositories/trades';

export interface ExitFill {
  clientOrderId: string;
  filled: number;
  average?: number;
  fee: number;
}

export async function closeTrades(
  trades: TradeRepository,
  sessionId: string,
  symbol: string,
  exit: ExitFill,
  at: Date,
): Promise<number> {
  const done = await trades.pnlClosedBy(exit.clientOrderId);
  if (done.length) return done.reduce((s, pnl) => s + pnl, 0);
  const open = await trades.listOpen(sessionId, symbol);
  const exitPrice = exit.average ?? 0;
  let remaining = exit.filled;
  let pnl = 0;
  for (const t of open) {
    if (remaining <= 1e-12) break;
    const qty = t.quantity;
    const closing = Math.min(qty, remaining);
    const sign = t.side === 'long' ? 1 : -1;
    const entryPrice = t.entryPrice;
    const fees = t.fee * (closing / qty) + exit.fee * (closing / exit.filled);
    const tradePnl = sign * (exitPrice - entryPrice) * closing - fees;
    pnl += tradePnl;
    remaining -= closing;
    const pnlPercent = entryPrice > 0 ? (tradePnl / (entryPrice * closing)) * 100 : null;
    await trades.close(t.id, {
      exitPrice,
      exitOrderId: exit.clientOrderId,
      closedAt: at,
      pnl: tradePnl,
      pnlPercent,
      fee: fees,
    });
  }
  return pnl;
}
