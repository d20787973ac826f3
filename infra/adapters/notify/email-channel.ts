// The e-mail channel: one message over SMTP with nodemailer, subject `${subjectPrefix} ${title}`, the
// text as the plain body, and the chart as a PNG attachment that an HTML copy of the body also shows
// inline. TLS is implicit on port 465 (unless `secure` says otherwise) and STARTTLS elsewhere when the
// server offers it, nodemailer's own behaviour, so a plain local relay needs no option.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { channelName, type NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import {
  ChannelConfigError,
  ChannelError,
  type ChannelMessage,
  type NotificationChannel,
} from '../../../core/notify/channel';
import { readSecret, redactor, type Env } from './channel-secrets';
import { smtpFailure } from './smtp-failure';

export type EmailChannelConfig = Extract<NotificationChannelConfig, { type: 'email' }>;

const CHART_CID = 'chart@opentrade';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The same notification key always gives the same Message-ID, so a message sent twice (a retry after
 * a lost answer) is one message to the clients that deduplicate by it. Hashed: a key may hold `:`,
 * which a Message-ID may not.
 */
export const emailMessageId = (key: string, from: string) =>
  `<opentrade.${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${from.split('@')[1]}>`;

export function createEmailChannel(cfg: EmailChannelConfig, env: Env): NotificationChannel {
  const name = channelName(cfg);
  const user = cfg.userEnv ? readSecret(env, name, 'userEnv', cfg.userEnv) : undefined;
  const pass = cfg.passwordEnv ? readSecret(env, name, 'passwordEnv', cfg.passwordEnv) : undefined;
  if (user !== undefined && pass === undefined)
    throw new ChannelConfigError(name, 'passwordEnv', 'is needed with userEnv: an SMTP login takes both');
  if (pass !== undefined && user === undefined)
    throw new ChannelConfigError(name, 'userEnv', 'is needed with passwordEnv: an SMTP login takes both');
  const secure = cfg.secure ?? cfg.port === 465;
  const server = `${cfg.host}:${cfg.port}`;
  // AUTH PLAIN and LOGIN put the password on the wire in base64: a server echoing a command quotes it so.
  const redact = redactor([
    pass,
    pass && Buffer.from(pass).toString('base64'),
    user && pass && Buffer.from(`\u0000${user}\u0000${pass}`).toString('base64'),
  ]);
  const transporter = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure,
    auth: user !== undefined ? { user, pass } : undefined,
    // Each phase within the channel's limit; the abort signal bounds the whole send.
    connectionTimeout: cfg.timeoutMs,
    greetingTimeout: cfg.timeoutMs,
    socketTimeout: cfg.timeoutMs,
    // A message never names a file or URL to embed; refuse them rather than trust that.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  async function send(m: ChannelMessage, signal?: AbortSignal) {
    const timeout = AbortSignal.timeout(cfg.timeoutMs);
    const both = signal ? AbortSignal.any([timeout, signal]) : timeout;
    try {
      const info = await transporter.sendMail({
        from: cfg.from,
        to: cfg.to,
        subject: `${cfg.subjectPrefix} ${m.title}`,
        text: m.text,
        messageId: emailMessageId(m.key, cfg.from),
        headers: { 'X-OpenTrade-Event': m.event },
        // Mail has no "deliver without a sound"; the priority headers (X-Priority: 5, Importance: low)
        // are what mail clients act on, listing the message without flagging it and keeping it out of
        // "important" notification filters, which is the nearest thing.
        ...(m.level === 'silent' ? { priority: 'low' } : {}),
        ...(m.image
          ? {
              html: `<pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(m.text)}</pre><img src="cid:${CHART_CID}" alt="${escapeHtml(m.image.filename)}">`,
              attachments: [
                {
                  filename: m.image.filename,
                  content: Buffer.from(m.image.png),
                  contentType: 'image/png',
                  cid: CHART_CID,
                  // Listed as an attachment too, for the text-only reader and for saving the chart.
                  contentDisposition: 'attachment' as const,
                },
              ],
            }
          : {}),
        signal: both,
      });
      return { id: info.messageId };
    } catch (e) {
      if (timeout.aborted)
        throw new ChannelError(name, `sending via ${server} timed out after ${cfg.timeoutMs} ms`, true);
      if (signal?.aborted) throw new ChannelError(name, `sending via ${server} was aborted before it completed`, true);
      throw smtpFailure(name, `sending via ${server}`, e, redact);
    }
  }

  /** nodemailer's verify: connect, EHLO, STARTTLS if offered, AUTH, QUIT; no message. */
  async function verify() {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ChannelError(name, `verifying ${server} timed out after ${cfg.timeoutMs} ms`, true)),
        cfg.timeoutMs,
      );
    });
    try {
      await Promise.race([transporter.verify(), timedOut]);
    } catch (e) {
      if (e instanceof ChannelError) throw e;
      throw smtpFailure(name, `verifying ${server}`, e, redact);
    } finally {
      clearTimeout(timer);
    }
  }

  return { name, type: 'email', send, verify, close: async () => transporter.close() };
}
