// /status [session]: each running session's live status (the workflow's status query), or the one
// named; the database row stands in when no worker answers.
import { liveSessionStatus, runningSessions, type SessionRow } from '../../sessions/session-reads';
import type { BotCommand } from '../bot-command';
import type { TelegramBotDeps } from '../bot-deps';
import { fitMessage } from '../bot-reply';
import { sessionStatusText } from '../format-status';
import { pickSession } from '../pick-session';

export const statusCommand: BotCommand = {
  name: 'status',
  usage: '/status [session]',
  description: 'state, equity, PnL today and positions of the running sessions',
  async run({ args }, deps: TelegramBotDeps) {
    const rows: SessionRow[] = args[0]
      ? [await pickSession(deps, args[0], 'status')]
      : await runningSessions(deps.prisma, 10);
    if (!rows.length) return 'no session is running';
    const texts = await Promise.all(
      rows.map(async (r) => sessionStatusText(r, await liveSessionStatus(() => deps.temporal(), r))),
    );
    return fitMessage(texts.flat());
  },
};
