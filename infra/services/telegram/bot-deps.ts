// What the Telegram control bot needs, as one interface: the same database repositories and
// Temporal client the gateway and the CLI use, the channel config it answers for, and a log. The
// CLI wires the real ones; tests wire the same against the integration stack.
import type { Client } from '@temporalio/client';
import type { PrismaClient, Repositories } from '../../adapters/db';
import type { TelegramChannelConfig } from '../../adapters/notify/telegram-channel';

export interface TelegramBotDeps {
  prisma: PrismaClient;
  repos: Pick<Repositories, 'backtestRuns'>;
  /** Connects on first use, so the bot starts (and answers database commands) while Temporal is down. */
  temporal(): Promise<Client>;
  channel: TelegramChannelConfig;
  /** The bot token, read from the env var the channel names; never shown in a reply or a log line. */
  token: string;
  /** One line per event worth keeping: ignored chats, failed commands. */
  log(line: string): void;
  /** The clock /profit and /daily count days back from; Date.now by default. */
  now?: () => number;
}
