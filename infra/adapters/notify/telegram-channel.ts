// The Telegram notification channel: grammY's Bot API client sends each message to every configured
// chat, the title in bold (HTML with everything escaped, so a symbol like <BTC> or a stray & cannot
// break the markup), `silent` without a sound, the daily chart as a photo.
import { Api, InputFile } from 'grammy';
import { channelName, type NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import {
  ChannelError,
  type ChannelMessage,
  type NotificationChannel,
  type SendResult,
} from '../../../core/notify/channel';
import { readSecret, redactor, type Env } from './channel-secrets';
import { telegramChannelError } from './telegram-error';

type GrammySignal = Parameters<Api['getMe']>[0];

export type TelegramChannelConfig = Extract<NotificationChannelConfig, { type: 'telegram' }>;

/** Telegram's limits: 4096 characters of message text, 1024 of a photo caption. */
const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
/** Keys remembered for partial sends; older ones are forgotten (their retries are long over). */
const REMEMBERED_KEYS = 2000;

export interface TelegramChannelOptions {
  /** Tests and self-hosted servers: grammY's own client options beyond apiRoot and the timeout. */
  api?: ConstructorParameters<typeof Api>[1];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Bold title, then the body; the body is cut (never the markup) to fit `limit` characters. */
function html(title: string, text: string, limit: number): string {
  const head = `<b>${escapeHtml(title)}</b>`;
  let body = text ? `\n${escapeHtml(text)}` : '';
  if (head.length + body.length > limit) {
    // Cut on the plain text so an entity such as &amp; is never split.
    let plain = text;
    while (plain && head.length + 2 + escapeHtml(plain).length > limit)
      plain = plain.slice(0, -Math.max(1, Math.ceil(plain.length / 20)));
    body = plain ? `\n${escapeHtml(plain)}…` : '';
  }
  return head + body;
}

export function createTelegramChannel(
  cfg: TelegramChannelConfig,
  env: Env = process.env,
  opts: TelegramChannelOptions = {},
): NotificationChannel {
  const name = channelName(cfg);
  const token = readSecret(env, name, 'botTokenEnv', cfg.botTokenEnv);
  const redact = redactor([token]);
  const api = new Api(token, {
    ...opts.api,
    apiRoot: cfg.apiRoot,
    // grammY's own limit is whole seconds; the AbortSignal below holds the exact one.
    timeoutSeconds: Math.max(1, Math.ceil(cfg.timeoutMs / 1000)),
  });
  /**
   * Per message key, the chats that already have it. With several chats a send can reach some and
   * fail on another; the delivery layer then retries the whole message, and without this record the
   * chats that got it would get it again. Kept in memory only: a restarted process may resend to a
   * chat once, which is better than never telling the one that missed it.
   */
  const delivered = new Map<string, Set<string>>();
  const remember = (key: string, chat: string) => {
    let chats = delivered.get(key);
    if (!chats) {
      if (delivered.size >= REMEMBERED_KEYS) delivered.delete(delivered.keys().next().value!);
      delivered.set(key, (chats = new Set()));
    }
    chats.add(chat);
  };

  // grammY's node build types its signal with the abort-controller polyfill; Node's own is what it gets.
  const signalFor = (outer?: AbortSignal) => {
    const own = AbortSignal.timeout(cfg.timeoutMs);
    return (outer ? AbortSignal.any([outer, own]) : own) as unknown as GrammySignal;
  };

  async function sendTo(chat: number | string, m: ChannelMessage, signal?: AbortSignal): Promise<number> {
    const common = {
      parse_mode: 'HTML' as const,
      ...(m.level === 'silent' ? { disable_notification: true } : {}),
    };
    if (m.image) {
      const photo = new InputFile(m.image.png, m.image.filename);
      const sent = await api.sendPhoto(
        chat,
        photo,
        { ...common, caption: html(m.title, m.text, CAPTION_LIMIT) },
        signalFor(signal),
      );
      return sent.message_id;
    }
    const sent = await api.sendMessage(chat, html(m.title, m.text, TEXT_LIMIT), common, signalFor(signal));
    return sent.message_id;
  }

  return {
    name,
    type: 'telegram',
    async send(message, signal): Promise<SendResult> {
      const ids: string[] = [];
      const failures: ChannelError[] = [];
      const done = delivered.get(message.key);
      for (const chat of cfg.chatIds) {
        const chatKey = String(chat);
        if (done?.has(chatKey)) continue;
        try {
          const id = await sendTo(chat, message, signal);
          remember(message.key, chatKey);
          ids.push(`${chatKey}:${id}`);
        } catch (e) {
          const err = telegramChannelError(name, `sendMessage to chat ${chatKey}`, e, redact);
          failures.push(err);
          // Flood control covers the bot, not one chat: the next chats would only be refused too.
          if (err.details.status === 429) break;
        }
      }
      if (!failures.length) return ids.length ? { id: ids.join(',') } : {};
      const missing = cfg.chatIds.length - (delivered.get(message.key)?.size ?? 0);
      // Retryable when any chat still missing may get it later; the chats that got it are skipped then.
      const retryable = failures.some((f) => f.retryable) || failures.length < missing;
      const retryAfterMs = Math.max(0, ...failures.map((f) => f.details.retryAfterMs ?? 0));
      const status = failures.find((f) => f.details.status !== undefined)?.details.status;
      const sentNote = ids.length ? ` (${ids.length} of ${cfg.chatIds.length} chats reached)` : '';
      throw new ChannelError(
        name,
        `${failures.map((f) => f.message.slice(name.length + 2)).join('; ')}${sentNote}`,
        retryable,
        { ...(status !== undefined ? { status } : {}), ...(retryAfterMs ? { retryAfterMs } : {}) },
      );
    },
    async verify(): Promise<void> {
      try {
        await api.getMe(signalFor());
      } catch (e) {
        throw telegramChannelError(name, 'getMe', e, redact);
      }
    },
  };
}
