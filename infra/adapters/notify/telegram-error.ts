// How a failed Bot API call becomes a ChannelError: what retrying can fix (429 with Telegram's own
// retry_after, 5xx, the network, a timeout) against what it cannot (a refused token, an unknown or
// blocking chat, a malformed request). grammY builds request URLs with the token in their path, so
// every message is redacted and the library's error is never attached as the cause.
import { GrammyError, HttpError } from 'grammy';
import { ChannelError } from '../../../core/notify/channel';

export function telegramChannelError(
  channel: string,
  what: string,
  err: unknown,
  redact: (text: string) => string,
): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof GrammyError) {
    const status = err.error_code;
    const retryAfterS = err.parameters?.retry_after;
    const retryable = status === 429 || status >= 500;
    return new ChannelError(channel, redact(`${what}: Telegram answered ${status} ${err.description}`), retryable, {
      status,
      ...(typeof retryAfterS === 'number' ? { retryAfterMs: retryAfterS * 1000 } : {}),
    });
  }
  if (err instanceof HttpError) {
    const inner = err.error instanceof Error ? `: ${err.error.message}` : '';
    return new ChannelError(channel, redact(`${what}: the Bot API could not be reached${inner}`), true);
  }
  // Anything else is our own defect (a bad argument to grammY): the same message will fail again.
  return new ChannelError(channel, redact(`${what}: ${err instanceof Error ? err.message : String(err)}`), false);
}
