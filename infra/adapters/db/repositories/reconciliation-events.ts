// ReconciliationEvent rows: every difference reconciliation found between the venue and the database
// (and fixed in the database), for the audit trail.
import type { RepositoryDb } from './repository-db';

export interface ReconciliationEventInput {
  kind: string;
  symbol: string;
  details: Record<string, unknown>;
}

export function createReconciliationEventRepository(db: RepositoryDb) {
  return {
    async recordAll(sessionId: string, events: ReconciliationEventInput[]): Promise<void> {
      await db.prisma.reconciliationEvent.createMany({
        data: events.map((d) => ({ sessionId, kind: d.kind, details: { symbol: d.symbol, ...d.details } as object })),
      });
    },
  };
}

export type ReconciliationEventRepository = ReturnType<typeof createReconciliationEventRepository>;
