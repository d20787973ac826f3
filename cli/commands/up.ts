import { mkdirSync, rmSync } from 'node:fs';
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
import { Supervisor, systemClock, type ConsoleSink } from '../../infra/stack/supervisor';
import { LOG_LEVELS, lowerLevel, parseLogLevel, type LogLevelName } from '../../infra/stack/logging/levels';
import { createLogger } from '../../infra/stack/logging/logger';
import { DEFAULT_ROTATION, RotatingFile } from '../../infra/stack/logging/rotating-file';
import { StatusConsole } from '../../infra/stack/status/status-console';
import { pollStackStatus } from '../../infra/stack/status/status-poller';
import { controlChannels, missingTokens, TELEGRAM_CONFIG_EXIT } from '../../infra/services/telegram/control-channels';
import { buildWeb, webIsBuilt, webServerSpec } from '../../infra/stack/web-app';
import { runAction } from '../util/run-action';

interface UpOptions {
  web: boolean;
  worker: boolean;
  logLevel?: string;
  json?: boolean;
}

/** --log-level, else OPENTRADE_LOG_LEVEL, else info; a wrong one is refused naming the valid ones. */
export function upLogLevel(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): LogLevelName {
  if (flag !== undefined) return parseLogLevel(flag, '--log-level');
  if (env.OPENTRADE_LOG_LEVEL) return parseLogLevel(env.OPENTRADE_LOG_LEVEL, 'OPENTRADE_LOG_LEVEL');
  return 'info';
}

/** How often the status is read: a terminal's block is redrawn with it; elsewhere only changes print. */
const STATUS_EVERY_MS = 3000;
/** How long a console that is not a terminal waits for the worker before its first block. */
const WORKER_GRACE_MS = 60_000;

const cliEntry = path.join(projectRoot, 'bin', 'opentrade.js');

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description(
      'run the whole stack: Temporal, PostgreSQL and Redis (embedded unless TEMPORAL_ADDRESS / DATABASE_URL / REDIS_URL are set), then worker, gateway, dashboard, with llm.provider local the local model, and with a telegram channel set to control: true the Telegram bot; Ctrl-C stops it all',
    )
    .option('--no-web', 'do not build or start the dashboard')
    .option('--no-worker', 'do not start a worker (run `opentrade worker` elsewhere)')
    .option(
      '--log-level <level>',
      `what the console shows: ${LOG_LEVELS.join(', ')} (default: OPENTRADE_LOG_LEVEL, else info); logs/<child>.log always has debug`,
    )
    .option(
      '--json',
      'console lines as JSON, one object per line (pino fields: time, level, name/child, msg), no status block',
    )
    .action(
      runAction(async (opts: UpOptions) => {
        const level = upLogLevel(opts.logLevel);
        const format = opts.json ? 'json' : 'pretty';
        const config = loadConfig();
        const home = dataDir();
        const logDir = path.join(home, 'logs');
        mkdirSync(logDir, { recursive: true });
        // The console: a status block redrawn in place on a terminal, log lines above it.
        const screen: StatusConsole = new StatusConsole(
          process.stdout,
          !opts.json && Boolean(process.stdout.isTTY),
          // A person reads the change in its message; JSON gets its fields too.
          (c) => logger.log(c.level, c.msg, opts.json ? c.fields : undefined),
          opts.json
            ? (s) =>
                logger.info('OpenTrade is up', {
                  urls: Object.fromEntries(s.urls),
                  sessions: s.sessions,
                  tradesToday: s.tradesToday?.count,
                  warnings: s.warnings,
                })
            : undefined,
        );
        const consoleSink: ConsoleSink = { level, format, write: (l) => screen.line(l) };
        // up's own lines: on the console at its level, in logs/up.log at debug.
        const upFile = new RotatingFile(path.join(logDir, 'up.log'), DEFAULT_ROTATION);
        const fileLevel = lowerLevel(level, 'debug');
        const logger = createLogger('up', [
          consoleSink,
          { level: fileLevel, format: 'json', write: (l) => upFile.write(`${l}\n`) },
        ]);
        const log = (l: string, lv: LogLevelName = 'info') => logger.log(lv, l);
        const processesFile = path.join(home, 'processes.json');
        // Current pids of every child, rewritten on each (re)spawn: for operators and tests.
        const supervisor: Supervisor = new Supervisor(
          logDir,
          log,
          () => {
            queueMicrotask(() =>
              writeFileAtomic(processesFile, JSON.stringify({ up: process.pid, ...supervisor.pids() }, null, 2)),
            );
          },
          systemClock,
          { console: consoleSink, rotation: DEFAULT_ROTATION },
        );
        let stopStatus = () => {};

        let stopping: Promise<void> | undefined;
        const shutdown = (signal: string) => {
          stopping ??= (async () => {
            stopStatus();
            screen.release();
            log(`${signal}: stopping everything`);
            await supervisor.stopAll();
            clearEndpoints();
            rmSync(processesFile, { force: true });
            log('stopped');
            upFile.close();
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
            // Children log everything as JSON lines: their log files keep debug, the console filters.
            OPENTRADE_LOG_LEVEL: fileLevel,
            OPENTRADE_LOG_FORMAT: 'json',
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

          const urls: [string, string][] = [];
          if (opts.web && config.web.enabled) urls.push(['dashboard', webUrl]);
          urls.push(['gateway', `${gatewayUrl}/api/v1/health`]);
          if (endpoints.temporalUiUrl) urls.push(['Temporal UI', endpoints.temporalUiUrl]);
          urls.push([
            'Temporal',
            `${endpoints.temporalAddress}${endpoints.embedded.temporal ? ' (embedded dev server)' : ''}`,
          ]);
          urls.push([
            'PostgreSQL',
            `${redactSecrets(endpoints.databaseUrl)}${endpoints.embedded.postgres ? ' (embedded)' : ''}`,
          ]);
          urls.push([
            'Redis',
            `${redactSecrets(endpoints.redisUrl)}${endpoints.embedded.redis ? ' (local redis-server)' : ''}`,
          ]);
          if (localModelUrl) urls.push(['local model', localModelUrl]);
          if (telegram.length && !noToken.length)
            urls.push(['telegram', `control bot (${telegram.length} channel(s))`]);
          urls.push(['data + logs', `${home} (logs/<child>.log at debug)`]);
          const readyAt = Date.now();
          let shown = false;
          stopStatus = pollStackStatus(
            {
              gatewayUrl,
              token: config.gateway.token,
              urls,
              children: () => supervisor.states(),
            },
            (s) => {
              // The stack is ready once our worker polls (bundling its workflows takes seconds): a
              // log gets its first block then, not a warning about the worker that resolves itself.
              const workerStarting =
                opts.worker &&
                Date.now() - readyAt < WORKER_GRACE_MS &&
                s.warnings.some((w) => w.startsWith('health: worker '));
              if (!screen.live && workerStarting && !shown) return;
              shown = true;
              screen.status(s);
            },
            STATUS_EVERY_MS,
          );
        } catch (e) {
          log(`start-up failed: ${(e as Error).message}`, 'error');
          await supervisor.stopAll();
          clearEndpoints();
          throw e;
        }
        await new Promise(() => {}); // run until a signal
      }),
    );
}
