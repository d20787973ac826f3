import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { clearEndpoints, writeEndpoints } from '../../infra/stack/config/endpoints';
import { loadConfig } from '../../infra/stack/config/load';
import { writeFileAtomic } from '../../infra/stack/config/atomic-write';
import { configPath, dataDir, projectRoot } from '../../infra/stack/config/paths';
import { isPortOpen } from '../../infra/stack/net';
import { ConflictError } from '../../core/errors';
import { redactSecrets } from '../../core/security/redact-secrets';
import { startLocalModelChild } from '../../infra/local-llm/local-model-child';
import { startStack } from '../../infra/stack/stack';
import { Supervisor } from '../../infra/stack/supervisor';
import { controlChannels, missingTokens, TELEGRAM_CONFIG_EXIT } from '../../infra/services/telegram/control-channels';
import { buildWeb, webIsBuilt, webServerSpec } from '../../infra/stack/web-app';
import { printLine } from '../util/output';
import { runAction } from '../util/run-action';

interface UpOptions {
  web: boolean;
  worker: boolean;
}

const cliEntry = path.join(projectRoot, 'bin', 'opentrade.js');

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description(
      'run the whole stack: Temporal, PostgreSQL and Redis (embedded unless TEMPORAL_ADDRESS / DATABASE_URL / REDIS_URL are set), then worker, gateway, dashboard, with llm.provider local the local model, and with a telegram channel set to control: true the Telegram bot; Ctrl-C stops it all',
    )
    .option('--no-web', 'do not build or start the dashboard')
    .option('--no-worker', 'do not start a worker (run `opentrade worker` elsewhere)')
    .action(
      runAction(async (opts: UpOptions) => {
        const config = loadConfig();
        const log = (l: string) => printLine(`[up] ${l}`);
        const home = dataDir();
        const processesFile = path.join(home, 'processes.json');
        // Current pids of every child, rewritten on each (re)spawn: for operators and tests.
        const supervisor: Supervisor = new Supervisor(path.join(home, 'logs'), log, () => {
          queueMicrotask(() =>
            writeFileAtomic(processesFile, JSON.stringify({ up: process.pid, ...supervisor.pids() }, null, 2)),
          );
        });

        let stopping: Promise<void> | undefined;
        const shutdown = (signal: string) => {
          stopping ??= (async () => {
            log(`${signal}: stopping everything`);
            await supervisor.stopAll();
            clearEndpoints();
            rmSync(processesFile, { force: true });
            log('stopped');
            process.exit(0);
          })();
          return stopping;
        };
        process.on('SIGINT', () => void shutdown('SIGINT'));
        process.on('SIGTERM', () => void shutdown('SIGTERM'));

        try {
          if (await isPortOpen(config.gateway.port, config.gateway.host)) {
            throw new ConflictError(`port ${config.gateway.port} is in use: is another \`opentrade up\` running?`, {
              hint: 'change gateway.port with `opentrade config set gateway.port <port>`',
            });
          }
          const endpoints = await startStack({
            dataDir: home,
            ports: {
              temporal: config.temporal.port,
              temporalUi: config.temporal.uiPort,
              postgres: config.postgres.port,
              redis: config.redis.port,
            },
            namespace: config.temporal.namespace,
            supervisor,
            log,
          });
          const gatewayUrl = `http://${config.gateway.host}:${config.gateway.port}`;
          const webUrl = `http://127.0.0.1:${config.web.port}`;
          const childEnv = {
            ...process.env,
            OPENTRADE_CONFIG: configPath(),
            OPENTRADE_HOME: home,
            TEMPORAL_ADDRESS: endpoints.temporalAddress,
            DATABASE_URL: endpoints.databaseUrl,
            REDIS_URL: endpoints.redisUrl,
            NEXT_PUBLIC_GATEWAY_URL: gatewayUrl,
            OPENTRADE_GATEWAY_URL: gatewayUrl,
          };
          writeEndpoints({ ...endpoints, gatewayUrl, webUrl: opts.web ? webUrl : undefined });

          if (opts.worker) {
            await supervisor.start({
              name: 'worker',
              command: process.execPath,
              args: [cliEntry, 'worker'],
              env: childEnv,
              echo: true,
              stopTimeoutMs: 30_000,
            });
          }
          await supervisor.start({
            name: 'gateway',
            command: process.execPath,
            args: [cliEntry, 'gateway'],
            env: childEnv,
            echo: true,
            ready: () => isPortOpen(config.gateway.port, config.gateway.host),
            readyTimeoutMs: 30_000,
          });
          const localModelUrl =
            config.llm.provider === 'local'
              ? await startLocalModelChild({
                  llm: config.llm,
                  dataDir: home,
                  supervisor,
                  command: process.execPath,
                  args: [cliEntry],
                  env: childEnv,
                  log,
                })
              : undefined;
          // The control bot is optional: without its channel or its token the rest runs as it would.
          const telegram = controlChannels(config.notifications);
          const noToken = missingTokens(telegram, childEnv);
          if (telegram.length && noToken.length) log(`telegram control bot not started: ${noToken.join('; ')}`);
          else if (telegram.length)
            await supervisor.start({
              name: 'telegram',
              command: process.execPath,
              args: [cliEntry, 'telegram'],
              env: childEnv,
              echo: true,
              fatalExitCodes: [TELEGRAM_CONFIG_EXIT],
              stopTimeoutMs: 10_000,
            });
          if (opts.web && config.web.enabled) {
            if (!webIsBuilt()) buildWeb(childEnv, log);
            // Only the dashboard server gets the token: it mints short-lived tickets for its pages from it.
            await supervisor.start(
              webServerSpec({
                port: config.web.port,
                env: { ...childEnv, OPENTRADE_GATEWAY_TOKEN: config.gateway.token },
              }),
            );
          }

          printLine('');
          printLine('OpenTrade is up:');
          printLine(`  gateway      ${gatewayUrl}/api/v1/health`);
          if (opts.web && config.web.enabled) printLine(`  dashboard    ${webUrl}`);
          if (endpoints.temporalUiUrl) printLine(`  Temporal UI  ${endpoints.temporalUiUrl}`);
          printLine(
            `  Temporal     ${endpoints.temporalAddress}${endpoints.embedded.temporal ? ' (embedded dev server)' : ''}`,
          );
          printLine(
            `  PostgreSQL   ${redactSecrets(endpoints.databaseUrl)}${endpoints.embedded.postgres ? ' (embedded)' : ''}`,
          );
          printLine(
            `  Redis        ${redactSecrets(endpoints.redisUrl)}${endpoints.embedded.redis ? ' (local redis-server)' : ''}`,
          );
          if (localModelUrl) printLine(`  local model  ${localModelUrl}`);
          if (telegram.length && !noToken.length)
            printLine(`  telegram     control bot (${telegram.length} channel(s))`);
          printLine(`  data + logs  ${home}`);
          printLine('Press Ctrl-C to stop.');
        } catch (e) {
          log(`start-up failed: ${(e as Error).message}`);
          await supervisor.stopAll();
          clearEndpoints();
          throw e;
        }
        await new Promise(() => {}); // run until a signal
      }),
    );
}
