import { InvalidArgumentError, type Command } from 'commander';
import Redis from 'ioredis';
import { createGatewayData, type GatewayEndpoints } from '../../api/data/create-gateway-data';
import { createGateway } from '../../api/gateway';
import type { HealthProbe } from '../../api/health/health-probe';
import { redactSecrets } from '../../core/security/redact-secrets';
import { consoleLogger, type Logger } from '../../api/logger';
import type { OpenTradeConfig } from '../../core/config/schema';
import { UnavailableError } from '../../core/errors';
import { runAction } from '../util/run-action';

export interface RunGatewayOptions {
  config: OpenTradeConfig;
  health: readonly HealthProbe[];
  /** When set, WebSocket clients receive every event published on Redis (opentrade:events). */
  redisUrl?: string;
  logger?: Logger;
  /** Stops the gateway like SIGINT/SIGTERM do (for hosts that embed it, and tests). */
  signal?: AbortSignal;
  /** Called once the gateway listens. */
  onListening?: (url: string) => void;
  /** Where the database and Temporal are: enables the data routes (sessions, backtests, ...). */
  endpoints?: GatewayEndpoints;
}

/** Starts the gateway and resolves once it has stopped again (SIGINT, SIGTERM or opts.signal). */
export async function runGateway(opts: RunGatewayOptions): Promise<void> {
  const logger = opts.logger ?? consoleLogger;
  const redis = opts.redisUrl ? await connectRedisPair(opts.redisUrl) : undefined;
  const data = opts.endpoints ? createGatewayData(opts.config, opts.endpoints) : undefined;
  const gateway = createGateway({ config: opts.config, health: opts.health, logger, events: redis, data });
  try {
    const { url } = await gateway.start();
    logger.info(`listening on ${url} (REST ${url}/api/v1, WebSocket ${url.replace(/^http/, 'ws')}/ws)`);
    opts.onListening?.(url);
    await stopRequested(opts.signal);
    logger.info('stopping');
  } finally {
    await gateway.stop();
    await data?.close();
    await Promise.all([redis?.subscriber.quit(), redis?.publisher.quit()].map((p) => p?.catch(() => undefined)));
  }
}

async function connectRedisPair(url: string): Promise<{ subscriber: Redis; publisher: Redis }> {
  // Subscribing takes over a connection, so events in and events out need one each.
  const options = { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 3 };
  const subscriber = new Redis(url, options);
  const publisher = new Redis(url, options);
  // ioredis reconnects by itself (and resubscribes); without a listener its errors would crash us.
  for (const client of [subscriber, publisher]) client.on('error', () => undefined);
  try {
    await Promise.all([subscriber.connect(), publisher.connect()]);
  } catch (e) {
    subscriber.disconnect();
    publisher.disconnect();
    throw new UnavailableError(
      'Redis',
      `gateway cannot connect to Redis at ${redactSecrets(url)}: ${redactSecrets((e as Error).message)}`,
      { hint: 'start Redis (`opentrade up` does) or fix REDIS_URL', cause: e },
    );
  }
  return { subscriber, publisher };
}

function stopRequested(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (signal?.aborted) return done();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface GatewayCommandDeps {
  loadConfig(): OpenTradeConfig | Promise<OpenTradeConfig>;
  buildHealthProbes(config: OpenTradeConfig): readonly HealthProbe[] | Promise<readonly HealthProbe[]>;
  /** The Redis to take events from; undefined runs without Redis fan-out. */
  redisUrl?(config: OpenTradeConfig): string | undefined;
  /** The database and Temporal for the data routes; undefined serves only health, config, version and events. */
  endpoints?(config: OpenTradeConfig): GatewayEndpoints | undefined;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new InvalidArgumentError(`"${value}" is not a port (1-65535)`);
  return port;
}

/** --port and --host win over the config file for this run only (the file is not changed). */
export function withListenOverrides(config: OpenTradeConfig, opts: { port?: number; host?: string }): OpenTradeConfig {
  return {
    ...config,
    gateway: {
      ...config.gateway,
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.host ? { host: opts.host } : {}),
    },
  };
}

export async function closeProbes(probes: readonly HealthProbe[]): Promise<void> {
  await Promise.allSettled(probes.map(async (p) => p.close?.()));
}

export function registerGatewayCommand(program: Command, deps: GatewayCommandDeps): Command {
  return program
    .command('gateway')
    .description('run the REST API (/api/v1) and WebSocket (/ws) gateway until Ctrl-C')
    .option('--port <port>', 'port to listen on (default: gateway.port, 18790)', parsePort)
    .option('--host <host>', 'address to bind (default: gateway.host, 127.0.0.1)')
    .action(
      runAction(async (opts: { port?: number; host?: string }) => {
        const config = withListenOverrides(await deps.loadConfig(), opts);
        const health = await deps.buildHealthProbes(config);
        try {
          await runGateway({ config, health, redisUrl: deps.redisUrl?.(config), endpoints: deps.endpoints?.(config) });
        } finally {
          await closeProbes(health);
        }
        // Asked to stop, so stop: a client library that still holds a socket must not keep us alive.
        setTimeout(() => process.exit(0), 2000).unref();
      }),
    );
}
