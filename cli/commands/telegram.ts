// `opentrade telegram`: runs the Telegram control bot for every configured telegram channel with
// `control: true`, over the same database and Temporal as the gateway, until SIGINT/SIGTERM.
// `opentrade up` runs it as a supervised child when such a channel and its token are there.
import type { Command } from 'commander';
import { Client, Connection } from '@temporalio/client';
import { channelName } from '../../core/config/notification-config-schema';
import { UnavailableError, ValidationError } from '../../core/errors';
import { createPrisma, createRepositories } from '../../infra/adapters/db';
import type { TelegramChannelConfig } from '../../infra/adapters/notify/telegram-channel';
import { resolveEndpoints } from '../../infra/stack/config/endpoints';
import { loadConfig } from '../../infra/stack/config/load';
import { controlChannels, missingTokens, TELEGRAM_CONFIG_EXIT } from '../../infra/services/telegram/control-channels';
import { createTelegramBot, TelegramBotError, type TelegramBot } from '../../infra/services/telegram/telegram-bot';
import { printLine } from '../util/output';
import { runAction } from '../util/run-action';

/** A configuration that cannot work: one line, and the exit code the supervisor does not restart on. */
function refuse(line: string): never {
  process.stderr.write(`opentrade: ${line}\n`);
  process.exit(TELEGRAM_CONFIG_EXIT);
}

/**
 * Telegram lets one consumer poll a token at a time: channels that share a token run as one bot
 * answering all their chats.
 */
function byToken(channels: TelegramChannelConfig[], env: NodeJS.ProcessEnv) {
  const bots = new Map<string, TelegramChannelConfig>();
  for (const c of channels) {
    const token = env[c.botTokenEnv]!;
    const seen = bots.get(token);
    bots.set(token, seen ? { ...seen, chatIds: [...new Set([...seen.chatIds, ...c.chatIds])] } : c);
  }
  return [...bots];
}

export function registerTelegramCommand(program: Command): void {
  program
    .command('telegram')
    .description(
      'run the Telegram control bot (/status, /profit, /pause, /kill ...) for the telegram channels with control: true',
    )
    .action(
      runAction(async () => {
        const config = loadConfig();
        const channels = controlChannels(config.notifications);
        if (!channels.length)
          refuse(
            'no telegram channel with control: true under "notifications" — add one: { "type": "telegram", "botTokenEnv": "TELEGRAM_BOT_TOKEN", "chatIds": [<your chat id>] }',
          );
        const missing = missingTokens(channels, process.env);
        if (missing.length) refuse(`${missing.join('; ')} — set it in the environment or the .env beside the config`);

        const endpoints = resolveEndpoints(config);
        const prisma = createPrisma(endpoints.databaseUrl);
        const repos = createRepositories({ prisma, databaseUrl: endpoints.databaseUrl });
        let connection: Promise<Connection> | undefined;
        const temporal = async () => {
          connection ??= Connection.connect({ address: endpoints.temporalAddress, connectTimeout: '5 seconds' }).catch(
            (e: Error) => {
              // Not kept: the next command tries again (Temporal may just be starting).
              connection = undefined;
              throw new UnavailableError('Temporal', `Temporal at ${endpoints.temporalAddress} is unreachable`, {
                hint: 'start the stack (`opentrade up`)',
                cause: e,
              });
            },
          );
          return new Client({ connection: await connection, namespace: config.temporal.namespace });
        };
        const log = (l: string) => printLine(l);

        const bots: TelegramBot[] = byToken(channels, process.env).map(([token, channel]) =>
          createTelegramBot({ prisma, repos, temporal, channel, token, log }),
        );
        const close = async () => {
          await Promise.allSettled(bots.map((b) => b.stop()));
          await Promise.allSettled([prisma.$disconnect(), connection?.then((c) => c.close())]);
        };
        let stopping = false;
        const shutdown = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log(`telegram: ${signal}: stopping`);
          void close().then(() => process.exit(0));
        };
        process.on('SIGINT', () => shutdown('SIGINT'));
        process.on('SIGTERM', () => shutdown('SIGTERM'));

        try {
          await Promise.all(bots.map((b) => b.start()));
          // A bot whose polling dies (a revoked token) takes the process down; the supervisor decides.
          await Promise.all(bots.map((b) => b.done));
        } catch (e) {
          await close();
          if (e instanceof TelegramBotError) {
            if (e.status === 401) refuse(e.message);
            throw new UnavailableError('Telegram', e.message, { cause: e });
          }
          throw e;
        }
        if (!stopping)
          throw new ValidationError(
            `the control bot${channels.length > 1 ? 's' : ''} of ${channels.map(channelName).join(', ')} stopped`,
          );
      }),
    );
}
