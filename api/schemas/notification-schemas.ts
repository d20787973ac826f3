// The notification routes' shapes: each configured channel (name, type and the level of each event;
// never an env var's value or a URL), the deliveries of the last day per channel and status, and
// the newest deliveries with what went wrong for those that did not arrive.
import { z } from 'zod';
import { CHANNEL_TYPES } from '../../core/notify/channel';
import { DELIVERY_LEVELS, NOTIFICATION_EVENTS } from '../../core/notify/events';
import { isoTime, nullableTime } from './common';

export const DELIVERY_STATUSES = ['sending', 'retrying', 'sent', 'failed', 'uncertain'] as const;

export const NotificationsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    problems: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .describe('true: only failed, uncertain and still-retrying deliveries'),
    channel: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a channel name')
      .optional(),
  })
  .strict();

const Channel = z
  .object({
    name: z.string(),
    type: z.enum(CHANNEL_TYPES),
    events: z.record(z.enum(NOTIFICATION_EVENTS), z.enum(DELIVERY_LEVELS)),
    deadlineMinutes: z.number().int(),
  })
  .strict();

const Count = z.object({ channel: z.string(), status: z.enum(DELIVERY_STATUSES), count: z.number().int() }).strict();

const Delivery = z
  .object({
    key: z.string(),
    channel: z.string(),
    event: z.string(),
    title: z.string(),
    sessionId: z.string().nullable(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    /** The channel's own id of the message (Telegram message id, SMTP Message-ID...). */
    externalId: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    sentAt: nullableTime,
  })
  .strict();

export const NotificationsAnswer = z
  .object({
    since: isoTime,
    channels: z.array(Channel),
    counts: z.array(Count),
    /** Deliveries that did not arrive in the last day: what the dashboard's health shows. */
    undelivered: z.number().int(),
    deliveries: z.array(Delivery),
  })
  .strict();
