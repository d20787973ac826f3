// Which configured Telegram channels run the control bot (`control: true`), and which of them lack
// their token; `opentrade up` reads this before it starts the bot as a child, `opentrade telegram`
// before it runs. Light on purpose: up must not load grammY to decide.
import type { NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import { channelName } from '../../../core/config/notification-config-schema';
import type { TelegramChannelConfig } from '../../adapters/notify/telegram-channel';

/**
 * The exit code of `opentrade telegram` when its configuration cannot work (no control channel, a
 * missing or refused token): sysexits' EX_CONFIG, so the supervisor does not restart it in a loop.
 */
export const TELEGRAM_CONFIG_EXIT = 78;

export function controlChannels(channels: readonly NotificationChannelConfig[]): TelegramChannelConfig[] {
  return channels.filter((c): c is TelegramChannelConfig => c.type === 'telegram' && c.control);
}

/** One line per control channel whose token env var is unset or empty. */
export function missingTokens(
  channels: readonly TelegramChannelConfig[],
  env: Record<string, string | undefined>,
): string[] {
  return channels
    .filter((c) => !env[c.botTokenEnv])
    .map((c) => `notifications channel "${channelName(c)}": botTokenEnv names $${c.botTokenEnv}, which is not set`);
}
