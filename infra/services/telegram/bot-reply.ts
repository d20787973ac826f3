// What a command answers: plain text (never HTML: a symbol or a reason must not be read as markup)
// and, for a confirmation, an inline keyboard.
import type { InlineKeyboard } from 'grammy';

export interface BotReply {
  text: string;
  keyboard?: InlineKeyboard;
}

/** A refusal the user can act on (bad argument, unknown or ambiguous session): its message is the reply. */
export class CommandRefusal extends Error {
  override readonly name = 'CommandRefusal';
}

/** Telegram's message limit; longer lists are cut with a note rather than refused by the API. */
const LIMIT = 4000;

export function fitMessage(lines: readonly string[]): string {
  let text = '';
  for (const [i, line] of lines.entries()) {
    if (text.length + line.length + 1 > LIMIT) return `${text}\n… ${lines.length - i} more lines`;
    text += (i ? '\n' : '') + line;
  }
  return text;
}
