// Which session a command acts on: the one named, else the only running one; with several running
// the bot lists them and asks for one rather than guess.
import { NotFoundError } from '../../../core/errors';
import { findSession, runningSessions, type SessionRow } from '../sessions/session-reads';
import type { TelegramBotDeps } from './bot-deps';
import { CommandRefusal } from './bot-reply';
import { sessionArg } from './command-args';

export async function pickSession(
  deps: TelegramBotDeps,
  raw: string | undefined,
  command: string,
): Promise<SessionRow> {
  const id = sessionArg(raw);
  if (id !== undefined) {
    try {
      return await findSession(deps.prisma, id);
    } catch (e) {
      if (e instanceof NotFoundError) throw new CommandRefusal(`no trading session "${id}": /sessions lists them`);
      throw e;
    }
  }
  const running = await runningSessions(deps.prisma, 20);
  if (running.length === 1) return running[0];
  if (!running.length) throw new CommandRefusal('no session is running');
  throw new CommandRefusal(
    [
      `${running.length} sessions are running; name one: /${command} <session>`,
      ...running.map((r) => `  ${r.id}  ${r.symbols.join(',')} ${r.timeframe} ${r.strategyName}`),
    ].join('\n'),
  );
}
