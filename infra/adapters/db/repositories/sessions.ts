// TradingSession rows: created by whoever starts a session (the CLI, the gateway, or the workflow
// itself when started elsewhere), their status kept by the session workflow.
import type { TradingMode } from '../../../../prisma/generated/enums';
import type { RepositoryDb } from './repository-db';

export interface SessionRowInput {
  sessionId: string;
  mode: TradingMode;
  exchange: string;
  symbols: string[];
  timeframe: string;
  strategyName: string;
  strategyVersion: number;
  workflowId: string;
  config: Record<string, unknown>;
}

export function createSessionRepository(db: RepositoryDb) {
  const { prisma } = db;
  return {
    /** Creates the row as running, or points an existing one at this workflow. */
    async recordStart(row: SessionRowInput): Promise<void> {
      await prisma.tradingSession.upsert({
        where: { id: row.sessionId },
        create: {
          id: row.sessionId,
          mode: row.mode,
          exchange: row.exchange,
          symbols: row.symbols,
          timeframe: row.timeframe,
          strategyName: row.strategyName,
          strategyVersion: row.strategyVersion,
          status: 'running',
          workflowId: row.workflowId,
          config: row.config as object,
        },
        update: { workflowId: row.workflowId },
      });
    },

    /** `stoppedAt`: when the session ended, for a final status. */
    async setStatus(sessionId: string, status: string, stoppedAt?: Date): Promise<void> {
      await prisma.tradingSession.updateMany({
        where: { id: sessionId },
        data: { status, ...(stoppedAt ? { stoppedAt } : {}) },
      });
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
