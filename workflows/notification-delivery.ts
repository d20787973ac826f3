// notificationDelivery: one notification to each of its channels, in parallel, outside the critical
// path of whatever raised it. A separate workflow per notification rather than a long-lived notifier:
// its id is the notification's idempotency key (a second publish of the same event is refused by
// Temporal), a channel that is down retries on its own timers without holding up the others or the
// cycle, and the Web UI shows each message's attempts. What still fails at the deadline is recorded.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { notificationRecord, notificationSend } from './activity-options';
import { failureMessage } from './failure-message';
import type { ChannelOutcome, NotificationDeliveryInput } from './notification-contract';

const { recordUndelivered } = proxyActivities<Pick<Activities, 'recordUndelivered'>>(notificationRecord);

export async function notificationDelivery(input: NotificationDeliveryInput): Promise<ChannelOutcome[]> {
  const n = input.notification;
  return Promise.all(
    input.targets.map(async (t): Promise<ChannelOutcome> => {
      const { sendNotification } = proxyActivities<Pick<Activities, 'sendNotification'>>(
        notificationSend(t.deadlineMinutes),
      );
      try {
        return await sendNotification({ notification: n, channel: t.channel, level: t.level });
      } catch (e) {
        const error = failureMessage(e);
        await recordUndelivered({
          key: n.key,
          channel: t.channel,
          event: n.event,
          title: n.title,
          sessionId: n.sessionId,
          error,
        });
        return { channel: t.channel, status: 'failed', error };
      }
    }),
  );
}
