// Which channels an event goes to, and how loudly: the channel's own level for the event, else the
// default. `log` channels are written where the event happens (a line on the worker's log needs no
// durable delivery); every other channel is delivered by the notificationDelivery workflow.
import { channelName, type NotificationChannelConfig } from '../config/notification-config-schema';
import { levelFor, type NotificationEvent } from './events';

export interface DeliveryTarget {
  channel: string;
  level: 'on' | 'silent';
  deadlineMinutes: number;
}

export function deliveryTargets(
  channels: readonly NotificationChannelConfig[],
  event: NotificationEvent,
): { durable: DeliveryTarget[]; log: DeliveryTarget[] } {
  const durable: DeliveryTarget[] = [];
  const log: DeliveryTarget[] = [];
  for (const c of channels) {
    const level = levelFor(event, c.events);
    if (level === 'off') continue;
    (c.type === 'log' ? log : durable).push({ channel: channelName(c), level, deadlineMinutes: c.deadlineMinutes });
  }
  return { durable, log };
}
