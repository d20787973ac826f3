// The `notifications` section of the config: a list of channels, each with the events it receives
// (`on | silent | off`, defaults in core/notify/events.ts) and how long a message may keep being
// retried. Secrets (bot token, SMTP password, webhook secret, URLs that carry a token) are named by
// environment variable only.
import { z } from 'zod';
import { DeliveryLevelSchema, NOTIFICATION_EVENTS, type NotificationEvent } from '../notify/events';
import { envVarName } from './env-var-name';

const httpUrl = z.url({ protocol: /^https?$/ });

/** Unknown event names are an error naming the key (a strict object over the catalogue). */
const events = z
  .object(
    Object.fromEntries(NOTIFICATION_EVENTS.map((e) => [e, DeliveryLevelSchema.optional()])) as Record<
      NotificationEvent,
      z.ZodOptional<typeof DeliveryLevelSchema>
    >,
  )
  .strict()
  .default({});

const common = {
  /** Unique among the channels; defaults to the type (two channels of one type need names). */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 lower-case letters, digits, - or _')
    .optional(),
  events,
  /** One send attempt's limit. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** How long a message keeps being retried before it is recorded as undelivered. */
  deadlineMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
};

/** A Telegram chat id: a number (negative for groups, -100… for channels) or a public @channel name. */
export const telegramChatId = z.union([
  z
    .number()
    .int()
    .refine((n) => n !== 0, 'must not be 0'),
  z
    .string()
    .regex(
      /^(-?[1-9]\d{0,15}|@[A-Za-z][A-Za-z0-9_]{4,31})$/,
      'must be a numeric chat id (e.g. 123456789 or -1001234567890) or @channelname',
    ),
]);

const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'must be an e-mail address');

export const NotificationChannelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn']).default('info'), ...common }).strict(),
  z
    .object({
      type: z.literal('telegram'),
      botTokenEnv: envVarName,
      /** The chats messages go to, and the only chats the control bot answers. */
      chatIds: z.array(telegramChatId).min(1, 'needs at least one chat id'),
      /** The Bot API's base URL (a self-hosted Bot API server; the tests' fake). */
      apiRoot: httpUrl.default('https://api.telegram.org'),
      /** Whether `opentrade up` runs the control bot on this bot token. */
      control: z.boolean().default(true),
      ...common,
    })
    .strict(),
  z
    .object({
      type: z.literal('email'),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      secure: z.boolean().optional(),
      userEnv: envVarName.optional(),
      passwordEnv: envVarName.optional(),
      from: email,
      to: z.array(email).min(1, 'needs at least one recipient'),
      subjectPrefix: z.string().max(40).default('[OpenTrade]'),
      ...common,
    })
    .strict(),
  z
    .object({
      type: z.literal('ntfy'),
      /** A self-hosted ntfy server, or the public one. */
      url: httpUrl.default('https://ntfy.sh'),
      topic: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _'),
      /** An access token for a protected topic. */
      tokenEnv: envVarName.optional(),
      ...common,
    })
    .strict(),
  z
    .object({
      type: z.literal('webhook'),
      /** The URL, by env var (webhook URLs often carry a token). */
      urlEnv: envVarName,
      /** HMAC-SHA256 of the body with this secret goes in X-OpenTrade-Signature: sha256=<hex>. */
      secretEnv: envVarName.optional(),
      /**
       * The JSON body to send, with {{field}} placeholders ({{title}}, {{text}}, {{event}}, {{key}},
       * {{at}}, {{level}} and any of the event's fields); the whole notification when absent.
       */
      template: z.record(z.string(), z.unknown()).optional(),
      headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name'), z.string()).default({}),
      ...common,
    })
    .strict(),
  z
    .object({
      type: z.literal('discord'),
      /** The Discord webhook URL, by env var (it carries the webhook's token). */
      urlEnv: envVarName,
      username: z.string().min(1).max(80).default('OpenTrade'),
      ...common,
    })
    .strict(),
]);

export type NotificationChannelConfig = z.infer<typeof NotificationChannelSchema>;

/** The channel's name: its own, else its type. */
export const channelName = (c: NotificationChannelConfig): string => c.name ?? c.type;

export const NotificationsSchema = z
  .array(NotificationChannelSchema)
  .superRefine((channels, ctx) => {
    const seen = new Map<string, number>();
    channels.forEach((c, i) => {
      const n = channelName(c);
      const first = seen.get(n);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `"${n}" is also channel ${first}'s name: give each channel of one type its own name`,
        });
      else seen.set(n, i);
    });
  })
  .default([{ type: 'log', level: 'info', events: {}, timeoutMs: 10_000, deadlineMinutes: 60 }]);
