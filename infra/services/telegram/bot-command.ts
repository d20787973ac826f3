// One command of the control bot: its name, how it is called, what it does, and the handler that
// turns its words into a reply through the shared services.
import type { TelegramBotDeps } from './bot-deps';
import type { BotReply } from './bot-reply';

export interface CommandCall {
  /** The words after the command. */
  args: string[];
  /** The authorised chat it came from, as a string. */
  chatId: string;
}

export interface BotCommand {
  name: string;
  /** e.g. `/profit [days]`. */
  usage: string;
  description: string;
  run(call: CommandCall, deps: TelegramBotDeps): Promise<BotReply | string>;
}
