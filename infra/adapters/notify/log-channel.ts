// The `log` channel: one line on the process's log. What `notify test` sends it; the events
// themselves are written where they happen (core/notify/routing.ts says why).
import type { ChannelMessage, NotificationChannel } from '../../../core/notify/channel';
import { channelName, type NotificationChannelConfig } from '../../../core/config/notification-config-schema';

export function createLogChannel(
  cfg: Extract<NotificationChannelConfig, { type: 'log' }>,
  log: (line: string) => void,
): NotificationChannel {
  return {
    name: channelName(cfg),
    type: 'log',
    async send(m: ChannelMessage) {
      log(logLine(cfg.level, m));
      return {};
    },
    async verify() {},
  };
}

export const logLine = (level: string, m: Pick<ChannelMessage, 'event' | 'title'>) =>
  `[${level}] ${m.event}: ${m.title}`;
