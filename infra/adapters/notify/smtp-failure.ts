// A nodemailer failure as a ChannelError. SMTP says itself what is worth retrying: a 4xx reply is
// transient and a 5xx permanent (a refused login, an unknown recipient), except 503, a session in the
// wrong state that a new connection clears. Without a reply, a connection that broke or timed out is
// transient; a TLS failure (a certificate that does not match) is not.
import { ChannelError } from '../../../core/notify/channel';

interface NodemailerError {
  message?: string;
  code?: string;
  responseCode?: number;
}

const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROTOCOL', 'EABORT']);
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EREQUIRETLS', 'ECONFIG', 'EMAXRECIPIENTS']);

export function smtpFailure(channel: string, what: string, e: unknown, redact: (s: string) => string): ChannelError {
  const err = (e ?? {}) as NodemailerError;
  const status = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  let retryable: boolean;
  if (status !== undefined && status >= 400) retryable = status < 500 || status === 503;
  else if (err.code && PERMANENT_CODES.has(err.code)) retryable = false;
  else retryable = err.code === undefined || TRANSIENT_CODES.has(err.code);
  // A refused login answers 535 with the code EAUTH; say what it means whatever the server wrote.
  const hint = err.code === 'EAUTH' ? ' (the SMTP login was refused)' : '';
  const message = redact(`${what} failed${hint}: ${err.code ? `${err.code} ` : ''}${err.message ?? String(e)}`);
  return new ChannelError(channel, message, retryable, status !== undefined ? { status } : {});
}
