// /pause, /resume and /stop [session]: the same signals, through the same service, as the gateway's
// POST /sessions/:id/<signal> and `opentrade trade <signal>`.
import { signalSession } from '../../sessions/session-signals';
import type { BotCommand } from '../bot-command';
import { pickSession } from '../pick-session';

const signalCommand = (name: 'pause' | 'resume' | 'stop', description: string, done: string): BotCommand => ({
  name,
  usage: `/${name} [session]`,
  description,
  async run({ args, chatId }, deps) {
    const row = await pickSession(deps, args[0], name);
    await signalSession(deps.prisma, () => deps.temporal(), row.id, name, `telegram /${name} from chat ${chatId}`);
    return `${name} sent to session ${row.id}: ${done}`;
  },
});

export const pauseCommand = signalCommand(
  'pause',
  'no new entries until /resume (exits, SL/TP go on)',
  'no new entries until /resume',
);
export const resumeCommand = signalCommand('resume', 'allow new entries again', 'new entries allowed again');
export const stopCommand = signalCommand(
  'stop',
  'end the session after the running cycle; positions keep their SL/TP',
  'it ends after the running cycle',
);
