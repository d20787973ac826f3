// Deny by default: the bot answers only the chats its channel config lists, compared as strings
// (the config may say 123 or "123"), or a public channel by its @name. Everything else is dropped
// with one log line naming the chat and the command, never the text (it may carry anything).
import type { Context, NextFunction } from 'grammy';

export function isAuthorised(chatIds: readonly (number | string)[], chat: { id: number; username?: string }): boolean {
  const allowed = new Set(chatIds.map((c) => String(c).toLowerCase()));
  return (
    allowed.has(String(chat.id)) || (chat.username !== undefined && allowed.has(`@${chat.username.toLowerCase()}`))
  );
}

/** What the update was, for the log line: the command's name, a button press, or a message. */
function kind(ctx: Context): string {
  if (ctx.callbackQuery) return 'a button press';
  const command = /^\/([A-Za-z0-9_]{1,32})/.exec(ctx.message?.text ?? '');
  return command ? `/${command[1]}` : 'an update';
}

export function authorisedChats(chatIds: readonly (number | string)[], log: (line: string) => void) {
  return async (ctx: Context, next: NextFunction): Promise<void> => {
    const chat = ctx.chat;
    if (chat && isAuthorised(chatIds, chat)) return next();
    log(`telegram: ignored ${kind(ctx)} from unauthorised chat ${chat?.id ?? 'unknown'}`);
  };
}
