// /forceexit <symbol|all> [session]: closes a position at market (or all of the session's), the
// session goes on.
import { forceExitSession } from '../../sessions/session-signals';
import type { BotCommand } from '../bot-command';
import { CommandRefusal } from '../bot-reply';
import { pickSession } from '../pick-session';

export const forceExitCommand: BotCommand = {
  name: 'forceexit',
  usage: '/forceexit <symbol|all> [session]',
  description: 'close one position (or all) at market; the session goes on',
  async run({ args, chatId }, deps) {
    const symbol = args[0];
    if (!symbol || !/^([A-Za-z0-9]{1,20}\/[A-Za-z0-9]{1,20}(:[A-Za-z0-9]{1,20})?|all)$/.test(symbol))
      throw new CommandRefusal('usage: /forceexit <symbol|all> [session], e.g. /forceexit BTC/USDT');
    const row = await pickSession(deps, args[1], `forceexit ${symbol}`);
    const sent = await forceExitSession(
      deps.prisma,
      () => deps.temporal(),
      row.id,
      symbol,
      `telegram /forceexit from chat ${chatId}`,
    );
    return `force exit of ${sent.symbol} sent to session ${row.id}`;
  },
};
