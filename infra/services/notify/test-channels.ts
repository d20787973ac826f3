// `opentrade notify test` and `doctor`'s notification lines: each channel built from the config and
// this environment, then either checked (verify: credentials and reachability, nothing sent) or sent
// one test message directly, not through the durable path, so the answer is immediate and says
// what this channel did. One result per channel; a channel's failure never stops the others.
import { channelName, type NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import { ChannelConfigError, ChannelError, type ChannelMessage } from '../../../core/notify/channel';
import { notificationKey } from '../../../core/notify/notification-key';
import { createChannel, type Env } from '../../adapters/notify/create-channel';

export interface ChannelTestResult {
  channel: string;
  type: string;
  ok: boolean;
  detail: string;
  /** For a failure: the config field at fault, when one is (botTokenEnv, chatIds...). */
  field?: string;
}

export function testMessage(now: number): ChannelMessage {
  return {
    key: notificationKey('test', now),
    event: 'startup',
    level: 'on',
    at: now,
    title: 'OpenTrade test message',
    text: `Sent by \`opentrade notify test\` at ${new Date(now).toISOString()}: this channel works.`,
    fields: { test: true },
  };
}

export async function testChannels(
  channels: readonly NotificationChannelConfig[],
  env: Env,
  o: { mode: 'send' | 'verify'; only?: string; log?: (line: string) => void; now?: number },
): Promise<ChannelTestResult[]> {
  const picked = o.only ? channels.filter((c) => channelName(c) === o.only) : channels;
  const now = o.now ?? Date.now();
  return Promise.all(
    picked.map(async (cfg): Promise<ChannelTestResult> => {
      const name = channelName(cfg);
      const at = channels.indexOf(cfg);
      try {
        const ch = createChannel(cfg, env, o.log ?? (() => {}));
        try {
          if (o.mode === 'verify') {
            await ch.verify();
            return { channel: name, type: cfg.type, ok: true, detail: 'reachable, credentials accepted' };
          }
          const r = await ch.send(testMessage(now));
          return { channel: name, type: cfg.type, ok: true, detail: `sent${r.id ? ` (id ${r.id})` : ''}` };
        } finally {
          await ch.close?.();
        }
      } catch (e) {
        if (e instanceof ChannelConfigError)
          return {
            channel: name,
            type: cfg.type,
            ok: false,
            field: `notifications.${at}.${e.field}`,
            detail: `notifications.${at}.${e.field}: ${e.message}`,
          };
        const retry = e instanceof ChannelError ? (e.retryable ? ' (may pass later)' : ' (refused)') : '';
        return { channel: name, type: cfg.type, ok: false, detail: `${(e as Error).message}${retry}` };
      }
    }),
  );
}
