// EquitySnapshot rows: a session's equity at each candle close, keyed by session and time so a
// retried record overwrites its own row. Hand-written SQL: Prisma's compiled upsert cost several times
// the round trip in worker CPU.
import { randomUUID } from 'node:crypto';
import { Prisma } from '../prisma-client';
import type { RepositoryDb } from './repository-db';

export interface EquityPoint {
  equity: number;
  cash: number;
  unrealizedPnl: number;
  realizedPnl: number;
}

export function createEquityRepository(db: RepositoryDb) {
  return {
    async save(sessionId: string, time: Date, e: EquityPoint): Promise<void> {
      await db.sql.rows(Prisma.sql`
        INSERT INTO ${db.table('equity_snapshots')} (id, session_id, time, equity, cash, unrealized_pnl, realized_pnl)
        VALUES (${randomUUID()}, ${sessionId}, ${time}, ${e.equity}, ${e.cash}, ${e.unrealizedPnl}, ${e.realizedPnl})
        ON CONFLICT (session_id, time) DO UPDATE SET equity = EXCLUDED.equity, cash = EXCLUDED.cash,
          unrealized_pnl = EXCLUDED.unrealized_pnl, realized_pnl = EXCLUDED.realized_pnl`);
    },
  };
}

export type EquityRepository = ReturnType<typeof createEquityRepository>;
