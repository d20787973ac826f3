// What the bot says when a command fails: the one line a person can act on for a refusal (bad
// argument, unknown session, ended session), and for anything else only that it failed, the details
// going to the log with the bot token blanked (a driver's message may quote a URL or a host).
import { DomainError } from '../../../core/errors';
import { CommandRefusal } from './bot-reply';

export function replyForError(
  command: string,
  err: unknown,
  log: (line: string) => void,
  redact: (text: string) => string,
): string {
  if (err instanceof CommandRefusal) return err.message;
  if (err instanceof DomainError) return `${err.message}${err.hint ? ` (${err.hint})` : ''}`;
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  log(`telegram: /${command} failed: ${redact(first)}`);
  return `/${command} failed: the bot's log says why`;
}
