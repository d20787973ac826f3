// The channel a config entry describes, built with the secrets its env var names point at. A channel
// that cannot be built (a missing env var) throws a ChannelConfigError naming the field.
import type { NotificationChannel } from '../../../core/notify/channel';
import { channelName, type NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import { createDiscordChannel } from './discord-channel';
import { createEmailChannel } from './email-channel';
import { createLogChannel } from './log-channel';
import { createNtfyChannel } from './ntfy-channel';
import { createTelegramChannel } from './telegram-channel';
import { createWebhookChannel } from './webhook-channel';

export type Env = Record<string, string | undefined>;

export function createChannel(
  cfg: NotificationChannelConfig,
  env: Env,
  log: (line: string) => void,
): NotificationChannel {
  switch (cfg.type) {
    case 'log':
      return createLogChannel(cfg, log);
    case 'telegram':
      return createTelegramChannel(cfg, env);
    case 'email':
      return createEmailChannel(cfg, env);
    case 'ntfy':
      return createNtfyChannel(cfg, env);
    case 'webhook':
      return createWebhookChannel(cfg, env);
    case 'discord':
      return createDiscordChannel(cfg, env);
  }
}

/** Channels by name, each built at its first use and kept (a transport keeps its connections). */
export function channelRegistry(channels: readonly NotificationChannelConfig[], env: Env, log: (line: string) => void) {
  const built = new Map<string, NotificationChannel>();
  return {
    get(name: string): NotificationChannel | undefined {
      const have = built.get(name);
      if (have) return have;
      const cfg = channels.find((c) => channelName(c) === name);
      if (!cfg) return undefined;
      const ch = createChannel(cfg, env, log);
      built.set(name, ch);
      return ch;
    },
    async close(): Promise<void> {
      await Promise.all([...built.values()].map((c) => c.close?.().catch(() => undefined)));
      built.clear();
    },
  };
}
