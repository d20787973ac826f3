// Reading trading sessions the same way everywhere (gateway, CLI, Telegram bot): the row from the
// database, and the workflow's live status query while it runs, within a short limit so a missing
// worker costs only the live part.
import type { Client } from '@temporalio/client';
import { NotFoundError } from '../../../core/errors';
import type { PrismaClient } from '../../adapters/db';
import { withTimeout } from '../../stack/doctor/check';
import { statusQuery } from '../../../workflows/definitions';
import { sessionWorkflowId, type SessionStatus } from '../../../workflows/trading-contract';

export type SessionRow = NonNullable<Awaited<ReturnType<PrismaClient['tradingSession']['findUnique']>>>;

/** A session in one of these has no workflow to signal or query. */
export const ENDED_SESSION_STATUSES: ReadonlySet<string> = new Set(['stopped', 'killed', 'failed', 'completed']);

/** A query waits for a worker; without one the answer must still come quickly. */
export const STATUS_TIMEOUT_MS = 2000;

export const sessionWorkflowOf = (row: Pick<SessionRow, 'id' | 'workflowId'>): string =>
  row.workflowId ?? sessionWorkflowId(row.id);

export async function findSession(prisma: PrismaClient, id: string): Promise<SessionRow> {
  const row = await prisma.tradingSession.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`no trading session "${id}"`);
  return row;
}

/** Sessions whose row says they run, newest first. */
export function runningSessions(prisma: PrismaClient, limit = 50): Promise<SessionRow[]> {
  return prisma.tradingSession.findMany({
    where: { status: { notIn: [...ENDED_SESSION_STATUSES] } },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
}

/** The status query's answer; null once the session ended, or when no worker answers in time. */
export async function liveSessionStatus(
  temporal: () => Promise<Client>,
  row: SessionRow,
  timeoutMs = STATUS_TIMEOUT_MS,
): Promise<SessionStatus | null> {
  if (ENDED_SESSION_STATUSES.has(row.status)) return null;
  try {
    const client = await temporal();
    return await withTimeout(
      'the session status query',
      timeoutMs,
      client.workflow.getHandle(sessionWorkflowOf(row)).query(statusQuery),
    );
  } catch {
    // No worker yet, Temporal down, or the workflow just ended: the row still answers.
    return null;
  }
}
