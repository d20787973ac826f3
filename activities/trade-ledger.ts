// Closing Trade rows with an exit fill (an exit order, a compensation, a stop or take-profit that
// fired), oldest first. Idempotent: trades already closed by this exit report the same PnL again.
// Hand-written SQL (sql-table.ts): Prisma's compiled queries cost about 1.8 ms of worker CPU each.
import { Prisma } from '../infra/adapters/db';
import type { ActivityDeps } from './deps';
import { sqlName, sqlOf } from './sql-table';

export interface ExitFill {
  clientOrderId: string;
  filled: number;
  average?: number;
  fee: number;
}

export async function closeTrades(deps: ActivityDeps, sessionId: string, symbol: string, exit: ExitFill, at: Date): Promise<number> {
  const sql = sqlOf(deps);
  const trades = sqlName(deps, 'trades');
  const done = await sql.rows<{ pnl: string | null }>(Prisma.sql`SELECT pnl::text AS pnl FROM ${trades} WHERE exit_order_id = ${exit.clientOrderId}`);
  if (done.length) return done.reduce((s, t) => s + Number(t.pnl ?? 0), 0);
  const open = await sql.rows<{ id: string; side: string; quantity: string; entry_price: string; fee: string }>(Prisma.sql`
    SELECT id, side, quantity::text AS quantity, entry_price::text AS entry_price, fee::text AS fee FROM ${trades}
    WHERE session_id = ${sessionId} AND symbol = ${symbol} AND status = 'open' ORDER BY opened_at ASC`);
  const exitPrice = exit.average ?? 0;
  let remaining = exit.filled;
  let pnl = 0;
  for (const t of open) {
    if (remaining <= 1e-12) break;
    const qty = Number(t.quantity);
    const closing = Math.min(qty, remaining);
    const sign = t.side === 'long' ? 1 : -1;
    const entryPrice = Number(t.entry_price);
    const fees = Number(t.fee) * (closing / qty) + exit.fee * (closing / exit.filled);
    const tradePnl = sign * (exitPrice - entryPrice) * closing - fees;
    pnl += tradePnl;
    remaining -= closing;
    const pnlPercent = entryPrice > 0 ? (tradePnl / (entryPrice * closing)) * 100 : null;
    await sql.rows(Prisma.sql`
      UPDATE ${trades} SET status = 'closed', exit_price = ${exitPrice}::numeric, exit_order_id = ${exit.clientOrderId}, closed_at = ${at}::timestamptz,
        pnl = ${tradePnl}::numeric, pnl_percent = ${pnlPercent}::numeric, fee = ${fees}::numeric
      WHERE id = ${t.id}`);
  }
  return pnl;
}
