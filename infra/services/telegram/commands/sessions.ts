// /sessions: the running sessions, as the gateway's session list has them.
import { runningSessions } from '../../sessions/session-reads';
import type { BotCommand } from '../bot-command';
import { fitMessage } from '../bot-reply';
import { isoMinute } from '../format-number';

export const sessionsCommand: BotCommand = {
  name: 'sessions',
  usage: '/sessions',
  description: 'the running sessions',
  async run(_call, deps) {
    const rows = await runningSessions(deps.prisma, 50);
    if (!rows.length) return 'no session is running';
    return fitMessage([
      `${rows.length} running:`,
      ...rows.map(
        (r) =>
          `${r.id}  ${r.status} ${r.mode} ${r.exchange} ${r.symbols.join(',')} ${r.timeframe} ${r.strategyName} since ${isoMinute(r.startedAt)}`,
      ),
    ]);
  },
};
