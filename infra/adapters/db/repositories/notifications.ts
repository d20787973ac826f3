// NotificationDelivery rows: the idempotency record of each (notification key, channel) and what
// `opentrade notify status`, the API and the dashboard list. claim() is the one place that decides
// whether an attempt may send: once sent, never again; an attempt that was cut off mid-send (its row
// still says "sending") may have reached the channel, so it is settled as uncertain, not resent.
import type { RepositoryDb } from './repository-db';

export type DeliveryStatus = 'sending' | 'retrying' | 'sent' | 'failed' | 'uncertain';

export interface DeliveryRow {
  key: string;
  channel: string;
  event: string;
  title: string;
  sessionId: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

/** Which notification goes to which channel, as its row records it. */
export interface DeliveryIdentity {
  key: string;
  channel: string;
  event: string;
  title: string;
  sessionId?: string;
}

/** A notification no attempt could deliver to a channel, and why. */
export interface UndeliveredRow extends DeliveryIdentity {
  error: string;
}

/** send: this attempt may send. done: already sent, or settled (failed / uncertain): nothing to do. */
export type Claim = { verdict: 'send'; attempts: number } | { verdict: 'done'; status: DeliveryStatus };

export function createNotificationRepository(db: RepositoryDb) {
  const { prisma } = db;
  return {
    async claim(d: DeliveryIdentity): Promise<Claim> {
      return prisma.$transaction(async (tx) => {
        const where = { key_channel: { key: d.key, channel: d.channel } };
        const row = await tx.notificationDelivery.findUnique({ where });
        if (!row) {
          await tx.notificationDelivery.create({
            data: { ...d, sessionId: d.sessionId ?? null, status: 'sending', attempts: 1 },
          });
          return { verdict: 'send', attempts: 1 };
        }
        if (row.status === 'retrying') {
          const next = await tx.notificationDelivery.update({
            where,
            data: { status: 'sending', attempts: { increment: 1 } },
          });
          return { verdict: 'send', attempts: next.attempts };
        }
        if (row.status === 'sending') {
          await tx.notificationDelivery.update({
            where,
            data: {
              status: 'uncertain',
              lastError:
                'an attempt was cut off while sending (worker stopped): it may have arrived, so it is not sent again',
            },
          });
          return { verdict: 'done', status: 'uncertain' };
        }
        return { verdict: 'done', status: row.status as DeliveryStatus };
      });
    },

    async markSent(key: string, channel: string, externalId?: string): Promise<void> {
      await prisma.notificationDelivery.update({
        where: { key_channel: { key, channel } },
        data: { status: 'sent', sentAt: new Date(), externalId: externalId ?? null, lastError: null },
      });
    },

    async markRetrying(key: string, channel: string, error: string): Promise<void> {
      await prisma.notificationDelivery.updateMany({
        where: { key, channel, status: 'sending' },
        data: { status: 'retrying', lastError: error.slice(0, 500) },
      });
    },

    /** The final word when no attempt succeeded; a row that was sent meanwhile stays sent. */
    async markFailed(d: UndeliveredRow) {
      const lastError = d.error.slice(0, 500);
      await prisma.notificationDelivery.upsert({
        where: { key_channel: { key: d.key, channel: d.channel } },
        create: {
          key: d.key,
          channel: d.channel,
          event: d.event,
          title: d.title,
          sessionId: d.sessionId ?? null,
          status: 'failed',
          lastError,
        },
        update: {},
      });
      await prisma.notificationDelivery.updateMany({
        where: { key: d.key, channel: d.channel, status: { in: ['sending', 'retrying'] } },
        data: { status: 'failed', lastError },
      });
    },

    async get(key: string, channel: string): Promise<DeliveryRow | null> {
      return (await prisma.notificationDelivery.findUnique({
        where: { key_channel: { key, channel } },
      })) as DeliveryRow | null;
    },

    /** Newest first; `problems` lists only what did not arrive (failed, uncertain, still retrying). */
    async list(o: { limit: number; problems?: boolean; channel?: string; sinceMs?: number }): Promise<DeliveryRow[]> {
      return (await prisma.notificationDelivery.findMany({
        where: {
          ...(o.problems ? { status: { in: ['failed', 'uncertain', 'retrying'] } } : {}),
          ...(o.channel ? { channel: o.channel } : {}),
          ...(o.sinceMs !== undefined ? { createdAt: { gte: new Date(o.sinceMs) } } : {}),
        },
        orderBy: { createdAt: 'desc' },
        take: o.limit,
      })) as DeliveryRow[];
    },

    /** Per channel and status, since a time: what the health summary shows. */
    async counts(sinceMs: number): Promise<{ channel: string; status: DeliveryStatus; count: number }[]> {
      const rows = await prisma.notificationDelivery.groupBy({
        by: ['channel', 'status'],
        where: { createdAt: { gte: new Date(sinceMs) } },
        _count: { _all: true },
      });
      return rows.map((r) => ({ channel: r.channel, status: r.status as DeliveryStatus, count: r._count._all }));
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
