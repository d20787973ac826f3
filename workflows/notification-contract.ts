// The notificationDelivery workflow's input and result, and its id: one workflow per notification
// key, so publishing the same event twice starts it once.
import type { DeliveryTarget } from '../core/notify/routing';
import type { Notification } from '../core/notify/notification';

export interface NotificationDeliveryInput {
  notification: Notification;
  targets: DeliveryTarget[];
}

export interface ChannelOutcome {
  channel: string;
  status: 'sent' | 'failed' | 'uncertain';
  /** Sent by an earlier attempt or run: this one sent nothing. */
  already?: boolean;
  error?: string;
}

export const notificationWorkflowId = (key: string) => `notify-${key}`;
