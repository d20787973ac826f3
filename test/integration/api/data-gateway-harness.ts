// A full gateway on the integration stack: the data routes over the real PostgreSQL and Temporal,
// a real worker (all activities, sim market on a fast clock) on a task queue of its own.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../../../activities';
import type { GatewayData } from '../../../api/data/gateway-data';
import { createGateway, type Gateway } from '../../../api/gateway';
import { consoleLogger, silentLogger } from '../../../api/logger';
import { ConfigSchema, type OpenTradeConfig } from '../../../core/config/schema';
import { sqlFromPool } from '../../../infra/adapters/db/sql';
import { createRedis } from '../../../infra/adapters/redis';
import { sessionDeps, TEST_TOKEN, uniqueId } from '../trading/session-harness';
import { startTestWorker, type TestWorker } from '../test-worker';

export const UI_URL = 'http://127.0.0.1:8233';

export interface DataGateway {
  url: string;
  wsUrl: string;
  gateway: Gateway;
  data: GatewayData;
  worker: TestWorker;
  taskQueue: string;
  config: OpenTradeConfig;
  api(
    method: string,
    p: string,
    body?: unknown,
    o?: { token?: string | null; raw?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startDataGateway(
  o: {
    speed?: number;
    config?: Partial<Record<string, unknown>>;
    /** The exchanges sessions are validated against; by default only the sim market. */
    venue?: GatewayData['venue'];
  } = {},
): Promise<DataGateway> {
  // The sim clock file a session start may write stays out of the repository.
  process.env.OPENTRADE_HOME ??= mkdtempSync(path.join(os.tmpdir(), 'opentrade-api-'));
  const deps = sessionDeps(o.speed ?? 600);
  const taskQueue = uniqueId('api-');
  const worker = await startTestWorker({
    taskQueue,
    activities: createActivities({ ...deps, databaseUrl: process.env.DATABASE_URL }),
  });
  const sql = sqlFromPool(process.env.DATABASE_URL!);
  const data: GatewayData = {
    prisma: deps.prisma,
    sql,
    temporal: async () => worker.client,
    namespace: 'default',
    temporalUiUrl: UI_URL,
    venue:
      o.venue ??
      (async (exchange) => {
        if (exchange !== 'sim')
          throw new Error(`exchange "${exchange}" is not configured; configured exchanges: (none), or sim`);
        return deps.sim;
      }),
    taskQueues: { trading: taskQueue, backtest: taskQueue, evolution: taskQueue },
    close: async () => {
      await sql.close();
    },
  };
  const base = ConfigSchema.parse({ gateway: { token: TEST_TOKEN }, ...(o.config ?? {}) });
  const config = { ...base, gateway: { ...base.gateway, host: '127.0.0.1', port: 0 } };
  // Events the worker's activities publish on Redis reach this gateway's WebSocket clients.
  const subscriber = createRedis(process.env.REDIS_URL!);
  const gateway = createGateway({
    config,
    health: [],
    logger: process.env.OPENTRADE_API_TEST_LOG ? consoleLogger : silentLogger,
    data,
    events: { subscriber },
  });
  const { url } = await gateway.start();
  return {
    wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
    url,
    gateway,
    data,
    worker,
    taskQueue,
    config,
    async api(method, p, body, opts = {}) {
      const headers: Record<string, string> = {};
      const token = opts.token === undefined ? TEST_TOKEN : opts.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}/api/v1${p}`, {
        method,
        headers,
        body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async stop() {
      await gateway.stop();
      subscriber.disconnect();
      await worker.stop();
      await data.close();
      await deps.close();
    },
  };
}

export { TEST_TOKEN };
