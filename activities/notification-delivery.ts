// The notificationDelivery workflow's activities: send one notification to one channel, at most once
// (the delivery row decides, see the notifications repository), and record what could not be
// delivered. A channel's refusal fails at once; anything that may pass later is retried by Temporal,
// a 429 after the wait the channel asked for.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ChannelConfigError, ChannelError } from '../core/notify/channel';
import type { Notification } from '../core/notify/notification';
import type { Repositories } from '../infra/adapters/db';
import type { UndeliveredRow } from '../infra/adapters/db/repositories/notifications';
import { channelRegistry } from '../infra/adapters/notify/create-channel';
import type { ChannelOutcome } from '../workflows/notification-contract';
import { dailySummaries } from '../infra/services/notify/daily-summaries';
import { equityChartPng } from '../infra/services/notify/equity-chart-png';
import type { ActivityDeps } from './deps';
import { activityNotifier } from './notifier';

export interface SendNotificationInput {
  notification: Notification;
  channel: string;
  level: 'on' | 'silent';
}

export function notificationFailure(e: unknown): unknown {
  if (e instanceof ChannelConfigError)
    return ApplicationFailure.create({ message: e.message, type: 'ChannelConfigError', nonRetryable: true });
  if (!(e instanceof ChannelError)) return e;
  if (!e.retryable)
    return ApplicationFailure.create({ message: e.message, type: 'ChannelRejected', nonRetryable: true });
  return ApplicationFailure.create({
    message: e.message,
    type: 'ChannelError',
    ...(e.details.retryAfterMs !== undefined ? { nextRetryDelay: e.details.retryAfterMs } : {}),
  });
}

/** The channels that attach an image; the others are sent the text alone. */
const TAKES_IMAGES = new Set(['telegram', 'email', 'ntfy', 'discord']);

export function createNotificationDeliveryActivities(
  deps: Pick<ActivityDeps, 'config' | 'env' | 'log' | 'prisma' | 'notifier'>,
  repos: Pick<Repositories, 'notifications'>,
) {
  const log = deps.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const channels = channelRegistry(deps.config.notifications, deps.env ?? process.env, log);
  return {
    async sendNotification(a: SendNotificationInput): Promise<ChannelOutcome> {
      const n = a.notification;
      const channel = channels.get(a.channel);
      if (!channel)
        throw ApplicationFailure.create({
          message: `no notification channel named "${a.channel}" in this worker's config`,
          type: 'ChannelConfigError',
          nonRetryable: true,
        });
      const claim = await repos.notifications.claim({
        key: n.key,
        channel: a.channel,
        event: n.event,
        title: n.title,
        sessionId: n.sessionId,
      });
      if (claim.verdict === 'done') {
        if (claim.status === 'failed') return { channel: a.channel, status: 'failed', already: true };
        return { channel: a.channel, status: claim.status === 'sent' ? 'sent' : 'uncertain', already: true };
      }
      // Heartbeats while the channel answers: a worker that dies here is noticed within the heartbeat timeout.
      const ctx = Context.current();
      ctx.heartbeat();
      const beat = setInterval(() => ctx.heartbeat(), 2000);
      try {
        const image =
          n.chart && TAKES_IMAGES.has(channel.type) ? await equityChartPng(deps.prisma, n.chart, n.title) : undefined;
        const r = await channel.send({ ...n, level: a.level, ...(image ? { image } : {}) }, ctx.cancellationSignal);
        await repos.notifications.markSent(n.key, a.channel, r.id);
        return { channel: a.channel, status: 'sent' };
      } catch (e) {
        await repos.notifications.markRetrying(n.key, a.channel, (e as Error).message).catch(() => undefined);
        throw notificationFailure(e);
      } finally {
        clearInterval(beat);
      }
    },

    /** The daily summaries of the UTC day starting at dayStartMs, published like any notification. */
    async publishDailySummaries(a: { dayStartMs: number }): Promise<{ sessions: number; started: number }> {
      const ns = await dailySummaries(deps.prisma, a.dayStartMs);
      const r = await activityNotifier(deps).publish(ns);
      return { sessions: ns.length, started: r.started };
    },

    async recordUndelivered(a: UndeliveredRow): Promise<void> {
      await repos.notifications.markFailed(a);
      log(`[warn] notification ${a.key} not delivered to ${a.channel}: ${a.error}`);
    },
  };
}
