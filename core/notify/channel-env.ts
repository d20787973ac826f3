// The env vars a channel's config names, and which of them are not set: what `config validate`,
// `doctor` and `notify test` report, each naming the config field (notifications.2.botTokenEnv).
import type { NotificationChannelConfig } from '../config/notification-config-schema';

type Env = Record<string, string | undefined>;

/** [field, env var name, required] for each secret the channel's config names. */
export function channelEnvVars(c: NotificationChannelConfig): [string, string, boolean][] {
  switch (c.type) {
    case 'log':
      return [];
    case 'telegram':
      return [['botTokenEnv', c.botTokenEnv, true]];
    case 'email':
      return [
        ...(c.userEnv ? ([['userEnv', c.userEnv, true]] as [string, string, boolean][]) : []),
        ...(c.passwordEnv ? ([['passwordEnv', c.passwordEnv, true]] as [string, string, boolean][]) : []),
      ];
    case 'ntfy':
      return c.tokenEnv ? [['tokenEnv', c.tokenEnv, true]] : [];
    case 'webhook':
      return [
        ['urlEnv', c.urlEnv, true],
        ...(c.secretEnv ? ([['secretEnv', c.secretEnv, true]] as [string, string, boolean][]) : []),
      ];
    case 'discord':
      return [['urlEnv', c.urlEnv, true]];
  }
}

/** One line per env var a channel names that is unset or empty. */
export function channelEnvIssues(channels: readonly NotificationChannelConfig[], env: Env): string[] {
  const out: string[] = [];
  channels.forEach((c, i) => {
    for (const [field, name, required] of channelEnvVars(c))
      if (required && !env[name]?.trim())
        out.push(`notifications.${i}.${field}: names $${name}, which is not set in this environment`);
  });
  return out;
}
