// /kill [session]: asks first, with a Confirm button; only that button, pressed in the chat that
// asked, sends the kill (telegram-bot.ts handles the press).
import { InlineKeyboard } from 'grammy';
import { ConflictError } from '../../../../core/errors';
import { ENDED_SESSION_STATUSES } from '../../sessions/session-reads';
import type { BotCommand } from '../bot-command';
import type { KillConfirmations } from '../kill-confirmations';
import { pickSession } from '../pick-session';

export const KILL_CONFIRM = 'kill-yes:';
export const KILL_CANCEL = 'kill-no:';

export const killCommand = (confirmations: KillConfirmations): BotCommand => ({
  name: 'kill',
  usage: '/kill [session]',
  description: "cancel the session's orders, close its positions and end it (asks first)",
  async run({ args, chatId }, deps) {
    const row = await pickSession(deps, args[0], 'kill');
    if (ENDED_SESSION_STATUSES.has(row.status))
      throw new ConflictError(`session "${row.id}" has ended (${row.status}): nothing to kill`);
    const nonce = confirmations.ask(row.id, chatId);
    return {
      text: `kill session ${row.id} (${row.symbols.join(',')})? It cancels its open orders and closes its positions at market.`,
      keyboard: new InlineKeyboard()
        .text('Confirm kill', `${KILL_CONFIRM}${nonce}`)
        .text('Cancel', `${KILL_CANCEL}${nonce}`),
    };
  },
});
