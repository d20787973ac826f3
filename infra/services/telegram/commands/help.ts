// /help: every command with how to call it, from the same list the bot registers with Telegram.
import type { BotCommand } from '../bot-command';

export const helpCommand = (all: () => readonly BotCommand[]): BotCommand => ({
  name: 'help',
  usage: '/help',
  description: 'this list',
  async run() {
    return [
      'OpenTrade commands ([session] may be left out while one session runs):',
      ...all().map((c) => `${c.usage} - ${c.description}`),
    ].join('\n');
  },
});
