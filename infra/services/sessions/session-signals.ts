// Sending a running session its control signals (pause, resume, stop, kill, force exit), shared by
// the gateway, the CLI and the Telegram bot so each refuses an ended or unknown session alike.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ConflictError, RefusedError } from '../../../core/errors';
import type { PrismaClient } from '../../adapters/db';
import { forceExitSignal, killSignal, pauseSignal, resumeSignal, stopSignal } from '../../../workflows/definitions';
import { ENDED_SESSION_STATUSES, findSession, sessionWorkflowOf, type SessionRow } from './session-reads';

export const SESSION_SIGNALS = ['pause', 'resume', 'stop', 'kill'] as const;
export type SessionSignalName = (typeof SESSION_SIGNALS)[number];

/** The row is read before Temporal is reached: an unknown session is a 404 even while Temporal is down. */
async function runningHandle(prisma: PrismaClient, temporal: () => Promise<Client>, id: string, what: string) {
  const row = await findSession(prisma, id);
  if (ENDED_SESSION_STATUSES.has(row.status))
    throw new ConflictError(`session "${id}" has ended (${row.status}): nothing to ${what}`);
  return { row, handle: (await temporal()).workflow.getHandle(sessionWorkflowOf(row)) };
}

async function send(id: string, signal: () => Promise<void>): Promise<void> {
  try {
    await signal();
  } catch (e) {
    // Signalling a closed workflow answers NOT_FOUND: the session ended without its row saying so yet.
    if (e instanceof WorkflowNotFoundError)
      throw new ConflictError(`session "${id}" is no longer running in Temporal`, { cause: e });
    throw e;
  }
}

/** Kill is confirmed by the caller (a body flag, a prompt, a button) before it gets here. */
export async function signalSession(
  prisma: PrismaClient,
  temporal: () => Promise<Client>,
  id: string,
  name: SessionSignalName,
  reason?: string,
): Promise<SessionRow> {
  const { row, handle } = await runningHandle(prisma, temporal, id, name);
  await send(id, async () => {
    if (name === 'pause') await handle.signal(pauseSignal, reason);
    else if (name === 'resume') await handle.signal(resumeSignal);
    else if (name === 'stop') await handle.signal(stopSignal, reason);
    else await handle.signal(killSignal, reason);
  });
  return row;
}

/** Closes the session's position in `symbol` (one of its symbols) or in all of them (`all`). */
export async function forceExitSession(
  prisma: PrismaClient,
  temporal: () => Promise<Client>,
  id: string,
  symbol: string,
  reason?: string,
): Promise<{ row: SessionRow; symbol: string }> {
  const { row, handle } = await runningHandle(prisma, temporal, id, 'force exit');
  const wanted = symbol === 'all' ? 'all' : row.symbols.find((s) => s.toUpperCase() === symbol.toUpperCase());
  if (!wanted)
    throw new RefusedError(`session "${id}" trades ${row.symbols.join(', ')}, not ${symbol}`, {
      field: 'symbol',
      hint: 'name one of its symbols or all',
    });
  await send(id, () => handle.signal(forceExitSignal, wanted, reason));
  return { row, symbol: wanted };
}
