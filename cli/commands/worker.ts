import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { createRedis } from '../../infra/adapters/redis';
import { resolveEndpoints } from '../../infra/stack/config/endpoints';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { ValidationError } from '../../core/errors';
import { createPrisma, sqlFromPool } from '../../infra/adapters/db';
import { createWorkerVenues } from '../../infra/adapters/exchange/venue-provider';
import { ConfigSchema } from '../../core/config/schema';
import { createLlmClient } from '../../infra/adapters/llm/llm-client';
import { runWorker } from '../../workers/run-worker';
import { createWorkerLogger, workerLogLevel } from '../../workers/worker-logger';
import { LOG_LEVELS, parseLogLevel } from '../../infra/stack/logging/levels';
import { TASK_QUEUES, type TaskQueueName } from '../../workflows/definitions';
import { runAction } from '../util/run-action';
import { keepIntelSchedules } from '../../infra/services/intel/keep-intel-schedules';
import { keepDailySummarySchedule } from '../../infra/services/notify/keep-daily-summary-schedule';

export function parseQueues(raw: string): TaskQueueName[] {
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const valid = Object.keys(TASK_QUEUES);
  const bad = names.filter((n) => !valid.includes(n));
  if (names.length === 0 || bad.length) {
    throw new ValidationError(
      `unknown task queue ${bad.length ? `"${bad.join('", "')}"` : '(none given)'} in --queues`,
      { hint: `valid queues: ${valid.join(', ')}` },
    );
  }
  return names as TaskQueueName[];
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'run a Temporal worker for the given task queues (needs TEMPORAL_ADDRESS, DATABASE_URL, REDIS_URL, or a running `opentrade up`)',
    )
    .option(
      '--queues <list>',
      `comma-separated task queues: ${Object.keys(TASK_QUEUES).join(', ')}`,
      Object.keys(TASK_QUEUES).join(','),
    )
    .option('--namespace <ns>', 'Temporal namespace (default: the config file\'s, else "default")')
    .option(
      '--log-level <level>',
      `${LOG_LEVELS.join(', ')} (default: OPENTRADE_LOG_LEVEL, else info); OPENTRADE_LOG_FORMAT=json for JSON lines`,
    )
    .action(
      runAction(async (opts: { queues: string; namespace?: string; logLevel?: string }) => {
        const queues = parseQueues(opts.queues);
        const logger = createWorkerLogger(opts.logLevel ? parseLogLevel(opts.logLevel) : workerLogLevel());
        const config = existsSync(configPath()) ? loadConfig() : undefined;
        const endpoints = resolveEndpoints(config);
        const prisma = createPrisma(endpoints.databaseUrl);
        // The trading cycle's statements skip Prisma's request pipeline (infra/adapters/db/sql.ts).
        const sql = sqlFromPool(endpoints.databaseUrl, { max: 10 });
        const redis = createRedis(endpoints.redisUrl);
        // Without a config file the worker trades with the defaults (the sim market, default risk).
        const tradingConfig =
          config ?? ConfigSchema.parse({ gateway: { token: 'unused-by-the-worker-'.padEnd(32, '-') } });
        const { venues, close: closeVenues } = createWorkerVenues(
          tradingConfig.exchanges,
          prisma,
          redis,
          process.env,
          endpoints.databaseUrl,
          sql,
        );
        const namespace = opts.namespace ?? config?.temporal.namespace ?? 'default';
        // The worker that runs the syncs makes their schedules match this config.
        if (queues.includes('intel'))
          void keepIntelSchedules(endpoints.temporalAddress, namespace, tradingConfig.intel, (l) => logger.info(l));
        if (queues.includes('notify'))
          void keepDailySummarySchedule(endpoints.temporalAddress, namespace, tradingConfig.notifications, (l) =>
            logger.info(l),
          );
        try {
          await runWorker({
            temporalAddress: endpoints.temporalAddress,
            namespace,
            queues,
            logger,
            deps: {
              prisma,
              redis,
              config: tradingConfig,
              venues,
              databaseUrl: endpoints.databaseUrl,
              sql,
              // One client for the process; it reads its key from this environment at the first call.
              llm: createLlmClient(tradingConfig.llm, process.env),
            },
          });
        } finally {
          await closeVenues();
          redis.disconnect();
          await sql.close();
          await prisma.$disconnect();
        }
      }),
    );
}
