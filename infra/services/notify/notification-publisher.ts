// Publishing a notification: a line on the log channels at once, and one notificationDelivery
// workflow for the other channels (its id is the notification's key, so the same event published
// twice, by a retried activity or a replayed cycle, is started once). Starting a workflow is one
// call to Temporal: what the channels do afterwards never reaches the caller. Never throws: a
// notification that cannot be started is a log line, not a failed cycle.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import type { Notification } from '../../../core/notify/notification';
import { checkNotificationKey } from '../../../core/notify/notification';
import { deliveryTargets } from '../../../core/notify/routing';
import { TASK_QUEUES } from '../../../workflows/definitions';
import { notificationWorkflowId, type NotificationDeliveryInput } from '../../../workflows/notification-contract';
import { logLine } from '../../adapters/notify/log-channel';

export interface PublishOutcome {
  /** Delivery workflows started now. */
  started: number;
  /** Already published before (same key). */
  duplicates: number;
  /** Not started: Temporal unreachable, a bad key... one reason each. */
  errors: string[];
}

export interface NotificationPublisher {
  publish(notifications: readonly Notification[]): Promise<PublishOutcome>;
}

export function createNotificationPublisher(o: {
  channels: readonly NotificationChannelConfig[];
  client: () => Promise<Client>;
  taskQueue?: string;
  log: (line: string) => void;
}): NotificationPublisher {
  return {
    async publish(notifications) {
      const out: PublishOutcome = { started: 0, duplicates: 0, errors: [] };
      for (const n of notifications) {
        const { durable, log } = deliveryTargets(o.channels, n.event);
        for (const t of log) {
          const level = o.channels.find((c) => c.type === 'log' && (c.name ?? c.type) === t.channel);
          o.log(logLine(level?.type === 'log' ? level.level : 'info', n));
        }
        if (durable.length === 0) continue;
        try {
          checkNotificationKey(n.key);
          const input: NotificationDeliveryInput = { notification: n, targets: durable };
          const client = await o.client();
          await client.workflow.start('notificationDelivery', {
            workflowId: notificationWorkflowId(n.key),
            taskQueue: o.taskQueue ?? TASK_QUEUES.notify,
            args: [input],
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            staticSummary: `${n.event}: ${n.title}`,
          });
          out.started++;
        } catch (e) {
          if (e instanceof WorkflowExecutionAlreadyStartedError) out.duplicates++;
          else {
            const reason = `notification ${n.key} not published: ${(e as Error).message}`;
            out.errors.push(reason);
            o.log(`[warn] ${reason}`);
          }
        }
      }
      return out;
    },
  };
}
