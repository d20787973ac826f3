import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import Redis from 'ioredis';
import pg from 'pg';
import type { HealthProbe } from '../../../api/health/health-probe';
import type { OpenTradeConfig } from '../../../core/config/schema';
import { TASK_QUEUES } from '../../../workflows/definitions';
import type { Endpoints } from '../config/endpoints';
import { withTimeout } from '../doctor/check';
import { redactSecrets } from '../../../core/security/redact-secrets';

const msg = (e: unknown) => redactSecrets((e as Error).message);

/**
 * The gateway's /health probes. Connections are made once and reused, so a health poll costs
 * one round trip per dependency, not a new connection.
 */
export function buildHealthProbes(config: OpenTradeConfig, endpoints: Endpoints): HealthProbe[] {
  const pool = new pg.Pool({
    connectionString: endpoints.databaseUrl,
    max: 1,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => undefined);
  const redis = new Redis(endpoints.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 3000,
  });
  redis.on('error', () => undefined);
  let temporalConnection: Promise<Connection> | undefined;
  const connectTemporal = () => {
    temporalConnection ??= Connection.connect({ address: endpoints.temporalAddress, connectTimeout: 3000 }).catch(
      (e) => {
        temporalConnection = undefined;
        throw e;
      },
    );
    return temporalConnection;
  };
  const namespace = config.temporal.namespace;

  // The first probe owns the shared connections, so closing the probes releases everything once.
  const closeAll = async () => {
    await Promise.allSettled([pool.end(), redis.quit(), temporalConnection?.then((c) => c.close())]);
  };
  return [
    {
      name: 'postgres',
      close: closeAll,
      check: async () => {
        try {
          await withTimeout('PostgreSQL', 3000, pool.query('SELECT 1'));
          return { status: 'ok' };
        } catch (e) {
          return { status: 'fail', detail: msg(e) };
        }
      },
    },
    {
      name: 'redis',
      check: async () => {
        try {
          if (redis.status === 'wait' || redis.status === 'end') await withTimeout('Redis', 3000, redis.connect());
          await withTimeout('Redis', 3000, redis.ping());
          return { status: 'ok' };
        } catch (e) {
          return { status: 'fail', detail: msg(e) };
        }
      },
    },
    {
      name: 'temporal',
      check: async () => {
        try {
          const c = await withTimeout('Temporal', 3000, connectTemporal());
          await withTimeout('Temporal', 3000, c.workflowService.describeNamespace({ namespace }));
          return { status: 'ok', detail: endpoints.temporalAddress };
        } catch (e) {
          return { status: 'fail', detail: msg(e) };
        }
      },
    },
    {
      name: 'notifications',
      // Undelivered messages are worth a look, never a reason to call the stack unready.
      required: false,
      check: async () => {
        if (!config.notifications.some((c) => c.type !== 'log')) return { status: 'ok', detail: 'log only' };
        try {
          const r = await withTimeout(
            'PostgreSQL',
            3000,
            pool.query<{ status: string; n: string }>(
              `SELECT status, count(*) AS n FROM notification_deliveries WHERE created_at > now() - interval '1 day' GROUP BY status`,
            ),
          );
          const by = Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
          const lost = (by.failed ?? 0) + (by.uncertain ?? 0);
          const detail = `last 24 h: ${by.sent ?? 0} sent, ${by.retrying ?? 0} retrying, ${lost} not delivered`;
          return lost > 0
            ? { status: 'fail', detail: `${detail} (\`opentrade notify status --problems\`)` }
            : { status: 'ok', detail };
        } catch (e) {
          return { status: 'fail', detail: msg(e) };
        }
      },
    },
    {
      name: 'worker',
      // A stack can be healthy between worker restarts; report it without failing readiness.
      required: false,
      check: async () => {
        try {
          const c = await withTimeout('Temporal', 3000, connectTemporal());
          const polled: string[] = [];
          for (const queue of Object.values(TASK_QUEUES)) {
            const r = await c.workflowService.describeTaskQueue({
              namespace,
              taskQueue: { name: queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
              taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            });
            if ((r.pollers ?? []).length > 0) polled.push(queue);
          }
          if (polled.length === 0)
            return { status: 'fail', detail: 'no worker polls any task queue (start one with `opentrade worker`)' };
          return { status: 'ok', detail: `polling: ${polled.join(', ')}` };
        } catch (e) {
          return { status: 'fail', detail: msg(e) };
        }
      },
    },
  ];
}
