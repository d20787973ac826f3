// The reads every cycle makes of its session's rows, as hand-written SQL: each ran on every cycle
// through Prisma's query compiler, which cost several times the round trip in worker CPU.
// Same filters and order as the Prisma queries they replace.
import type { ActivityDeps } from './deps';
import { Prisma } from '../infra/db';
import { sqlName, sqlOf } from './sql-table';

export interface ProtectionOrderRow {
  id: string;
  clientOrderId: string;
  purpose: 'stop_loss' | 'take_profit';
  decisionId: string | null;
}

/** The session's stop-loss / take-profit orders on `symbol` the database still thinks are open, oldest first. */
export async function openProtectionOrders(deps: ActivityDeps, sessionId: string, symbol: string): Promise<ProtectionOrderRow[]> {
  const rows = await sqlOf(deps).rows<{ id: string; client_order_id: string; purpose: string; decision_id: string | null }>(Prisma.sql`
    SELECT id, client_order_id, purpose::text AS purpose, decision_id FROM ${sqlName(deps, 'orders')}
    WHERE session_id = ${sessionId} AND symbol = ${symbol} AND status = 'open' AND purpose IN ('stop_loss', 'take_profit')
    ORDER BY created_at ASC`);
  return rows.map((r) => ({ id: r.id, clientOrderId: r.client_order_id, purpose: r.purpose as ProtectionOrderRow['purpose'], decisionId: r.decision_id }));
}

/** PnL of the trades stops / take-profits closed as seen by the cycle at `at` (the same on a retry). */
export async function protectionPnlAt(deps: ActivityDeps, sessionId: string, symbol: string, at: Date): Promise<number> {
  const rows = await sqlOf(deps).rows<{ pnl: string | null }>(Prisma.sql`
    SELECT pnl::text AS pnl FROM ${sqlName(deps, 'trades')}
    WHERE session_id = ${sessionId} AND symbol = ${symbol} AND closed_at = ${at} AND (exit_order_id LIKE '%-sl' OR exit_order_id LIKE '%-tp')`);
  return rows.reduce((sum, t) => sum + Number(t.pnl ?? 0), 0);
}

export interface OpenPositionRow {
  id: string;
  side: string;
  entryPrice: number;
}

/** The session's latest open Position row on `symbol`, if any. */
export async function openPositionRow(deps: ActivityDeps, sessionId: string, symbol: string): Promise<OpenPositionRow | null> {
  const rows = await sqlOf(deps).rows<{ id: string; side: string; entry_price: string }>(Prisma.sql`
    SELECT id, side, entry_price::text AS entry_price FROM ${sqlName(deps, 'positions')}
    WHERE session_id = ${sessionId} AND symbol = ${symbol} AND status = 'open'
    ORDER BY opened_at DESC LIMIT 1`);
  const r = rows[0];
  return r ? { id: r.id, side: r.side, entryPrice: Number(r.entry_price) } : null;
}
