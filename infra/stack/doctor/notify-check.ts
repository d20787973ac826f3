// One doctor line per notification channel: its env vars set, and the channel reachable with its
// credentials accepted (verify, nothing sent). A channel that fails is a warning: trading goes on
// without it, and the failed messages are recorded.
import type { NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import { testChannels } from '../../services/notify/test-channels';
import { ok, warn, withTimeout, type CheckResult } from './check';

export async function notificationChecks(
  channels: readonly NotificationChannelConfig[],
  env: Record<string, string | undefined>,
): Promise<CheckResult[]> {
  const durable = channels.filter((c) => c.type !== 'log');
  if (durable.length === 0) return [];
  const results = await withTimeout('notification channels', 20_000, testChannels(durable, env, { mode: 'verify' }));
  return results.map((r) =>
    r.ok
      ? ok(`notify:${r.channel}`, `${r.type}: ${r.detail}`, false)
      : warn(
          `notify:${r.channel}`,
          `${r.type}: ${r.detail}`,
          r.field
            ? `fix ${r.field} in the config or set the variable it names`
            : '`opentrade notify test --channel ' + r.channel + '` sends a test message',
        ),
  );
}
