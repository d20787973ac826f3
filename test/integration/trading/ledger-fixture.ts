// Real repositories on the test database, a fresh session id per test, and the session's trade ledger
// and protection rows as the database holds them.
import { randomUUID } from 'node:crypto';
import {
  createPrisma,
  createRepositories,
  sqlFromPool,
  type PrismaClient,
  type Repositories,
  type Sql,
} from '../../../infra/adapters/db';
import type { Order } from '../../../core/exchange/types';
import { cycleClientOrderId } from '../../../activities/order-ids';

export const SYMBOL = 'BTC/USDT';

export interface LedgerFixture {
  prisma: PrismaClient;
  sql: Sql;
  repos: Repositories;
  close(): Promise<void>;
}

export function ledgerFixture(): LedgerFixture {
  const url = process.env.DATABASE_URL!;
  const prisma = createPrisma(url);
  const sql = sqlFromPool(url);
  return {
    prisma,
    sql,
    repos: createRepositories({ prisma, sql, databaseUrl: url }),
    async close() {
      await sql.close();
      await prisma.$disconnect();
    },
  };
}

export function newSession() {
  return { sessionId: `ledger-${randomUUID()}`, mode: 'paper' as const, exchange: 'scripted', symbol: SYMBOL };
}

export type SessionRef = ReturnType<typeof newSession>;

/** A filled long entry of `cycleId` and its open trade, as recordCycle writes them. */
export async function openTrade(f: LedgerFixture, s: SessionRef, cycleId: string, quantity: number, at: Date) {
  const entryId = cycleClientOrderId(cycleId, 'entry');
  await f.repos.trades.open({
    id: `trade-${entryId}`,
    sessionId: s.sessionId,
    strategyId: 'test',
    symbol: SYMBOL,
    side: 'long',
    action: 'BUY',
    entryPrice: 100,
    quantity,
    fee: 0,
    entryOrderId: entryId,
    openedAt: at,
  });
  return `trade-${entryId}`;
}

export async function saveProtection(f: LedgerFixture, s: SessionRef, cycleId: string, o: Order) {
  const purpose = o.clientOrderId.endsWith('-sl') ? 'stop_loss' : 'take_profit';
  await f.repos.orders.saveCycleOrder({ ...s, cycleId }, purpose, o);
}

export async function tradesOf(f: LedgerFixture, sessionId: string) {
  const rows = await f.sql.query<{ id: string; status: string; quantity: string; exit_order_id: string | null }>(
    `SELECT id, status, quantity::text AS quantity, exit_order_id FROM trades WHERE session_id = $1 ORDER BY opened_at, id`,
    [sessionId],
  );
  return rows;
}

/** Sum of the open trades' quantities, exact (numeric). */
export async function openQuantity(f: LedgerFixture, sessionId: string): Promise<string> {
  const [row] = await f.sql.query<{ q: string }>(
    `SELECT COALESCE(SUM(quantity), 0)::text AS q FROM trades WHERE session_id = $1 AND status = 'open'`,
    [sessionId],
  );
  return row.q;
}

export async function orderStatus(f: LedgerFixture, clientOrderId: string): Promise<string | undefined> {
  const [row] = await f.sql.query<{ status: string }>(`SELECT status FROM orders WHERE client_order_id = $1`, [
    clientOrderId,
  ]);
  return row?.status;
}
