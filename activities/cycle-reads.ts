// The reads every cycle makes of its session's rows, as hand-written SQL: each ran on every cycle
// through Prisma's query compiler, which cost several times the round trip in worker CPU.
// Same filters and order as the Prisma queries they replace. Each read is one scalar subquery giving
// one JSON value, defined once: run alone here, or inside the record's first statement
// (decision-rows.ts), which reads all three in the round trip that writes the decision.
import type { ActivityDeps } from './deps';
import { Prisma } from '../infra/adapters/db';
import { sqlName, sqlOf } from './sql-table';

export interface ProtectionOrderRow {
  id: string;
  clientOrderId: string;
  purpose: 'stop_loss' | 'take_profit';
  decisionId: string | null;
}

export interface OpenPositionRow {
  id: string;
  side: string;
  entryPrice: number;
}

type Deps = Pick<ActivityDeps, 'databaseUrl' | 'sql' | 'prisma'>;

/** JSON array of ProtectionOrderRow: the session's stop-loss / take-profit orders on `symbol` the database still thinks are open, oldest first. */
export const openProtectionOrdersSql = (deps: Deps, sessionId: string, symbol: string) => Prisma.sql`
  (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'clientOrderId', o.client_order_id, 'purpose', o.purpose::text, 'decisionId', o.decision_id) ORDER BY o.created_at ASC), '[]'::json)
    FROM ${sqlName(deps, 'orders')} o
    WHERE o.session_id = ${sessionId} AND o.symbol = ${symbol} AND o.status = 'open' AND o.purpose IN ('stop_loss', 'take_profit'))`;

/** Text of the PnL of the trades stops / take-profits closed as seen by the cycle at `at` (the same on a retry). */
export const protectionPnlSql = (deps: Deps, sessionId: string, symbol: string, at: Date) => Prisma.sql`
  (SELECT COALESCE(SUM(tr.pnl), 0)::text FROM ${sqlName(deps, 'trades')} tr
    WHERE tr.session_id = ${sessionId} AND tr.symbol = ${symbol} AND tr.closed_at = ${at} AND (tr.exit_order_id LIKE '%-sl' OR tr.exit_order_id LIKE '%-tp'))`;

/** JSON object (id, side, entryPrice as text) of the session's latest open Position row on `symbol`, or NULL. */
export const openPositionSql = (deps: Deps, sessionId: string, symbol: string) => Prisma.sql`
  (SELECT json_build_object('id', p.id, 'side', p.side, 'entryPrice', p.entry_price::text) FROM ${sqlName(deps, 'positions')} p
    WHERE p.session_id = ${sessionId} AND p.symbol = ${symbol} AND p.status = 'open' ORDER BY p.opened_at DESC LIMIT 1)`;

export const toOpenPosition = (p: { id: string; side: string; entryPrice: string } | null): OpenPositionRow | null =>
  p ? { id: p.id, side: p.side, entryPrice: Number(p.entryPrice) } : null;

async function one<T>(deps: Deps, value: Prisma.Sql): Promise<T> {
  const [row] = await sqlOf(deps).rows<{ v: T }>(Prisma.sql`SELECT ${value} AS v`);
  return row.v;
}

export function openProtectionOrders(deps: ActivityDeps, sessionId: string, symbol: string): Promise<ProtectionOrderRow[]> {
  return one<ProtectionOrderRow[]>(deps, openProtectionOrdersSql(deps, sessionId, symbol));
}

export async function protectionPnlAt(deps: ActivityDeps, sessionId: string, symbol: string, at: Date): Promise<number> {
  return Number(await one<string>(deps, protectionPnlSql(deps, sessionId, symbol, at)));
}

export async function openPositionRow(deps: ActivityDeps, sessionId: string, symbol: string): Promise<OpenPositionRow | null> {
  return toOpenPosition(await one<{ id: string; side: string; entryPrice: string } | null>(deps, openPositionSql(deps, sessionId, symbol)));
}
