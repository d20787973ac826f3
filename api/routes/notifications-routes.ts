// What the notification channels did: the configured channels and their levels, the last day's
// deliveries per channel and status, and the newest deliveries (or only those that did not arrive).
// Read-only: the delivery workflows are the only writers.
import type { OpenTradeConfig } from '../../core/config/schema';
import { channelName } from '../../core/config/notification-config-schema';
import { levelFor, NOTIFICATION_EVENTS } from '../../core/notify/events';
import { createNotificationRepository } from '../../infra/adapters/db/repositories/notifications';
import { repositoryDb } from '../../infra/adapters/db/repositories/repository-db';
import type { GatewayData } from '../data/gateway-data';
import { defineRoute, type RouteSpec } from '../http/route-spec';
import { NotificationsAnswer, NotificationsQuery } from '../schemas/notification-schemas';

const DAY_MS = 86_400_000;

export function notificationsRoutes(data: GatewayData, config: OpenTradeConfig): RouteSpec[] {
  const repo = () => createNotificationRepository(repositoryDb({ prisma: data.prisma }));
  // Read inside the handler: the OpenAPI document is built from these specs without a config.
  const channels = () =>
    config.notifications.map((c) => ({
      name: channelName(c),
      type: c.type,
      events: Object.fromEntries(NOTIFICATION_EVENTS.map((e) => [e, levelFor(e, c.events)])),
      deadlineMinutes: c.deadlineMinutes,
    }));
  return [
    defineRoute({
      method: 'get',
      path: '/notifications',
      tag: 'notifications',
      summary: "the channels, the last day's deliveries per channel and status, and the newest deliveries",
      query: NotificationsQuery,
      response: NotificationsAnswer,
      async handler({ query: q }) {
        const since = Date.now() - DAY_MS;
        const [counts, rows] = await Promise.all([
          repo().counts(since),
          repo().list({ limit: q.limit, problems: q.problems, channel: q.channel }),
        ]);
        const undelivered = counts
          .filter((c) => c.status === 'failed' || c.status === 'uncertain')
          .reduce((s, c) => s + c.count, 0);
        return {
          body: NotificationsAnswer.parse({
            since: new Date(since).toISOString(),
            channels: channels(),
            counts,
            undelivered,
            deliveries: rows.map((r) => ({
              ...r,
              createdAt: r.createdAt.toISOString(),
              updatedAt: r.updatedAt.toISOString(),
              sentAt: r.sentAt?.toISOString() ?? null,
            })),
          }),
        };
      },
    }),
  ];
}
