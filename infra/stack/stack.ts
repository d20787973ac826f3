import path from 'node:path';
import { ensureDatabase, migrateDeploy } from '../adapters/db';
import { Supervisor } from './supervisor';
import { embeddedDatabaseUrl, initEmbeddedPostgres, postgresServerSpec } from './postgres-server';
import { redisServerSpec, requireRedisBinary } from './redis-server';
import { registerSearchAttributes } from './search-attributes';
import { requireTemporalBinary, temporalDevServerSpec, waitForTemporal } from './temporal-server';

export interface StackPorts {
  temporal: number;
  temporalUi: number;
  temporalHttp?: number;
  temporalMetrics?: number;
  postgres: number;
  redis: number;
}

export interface StackEndpoints {
  temporalAddress: string;
  temporalUiUrl?: string;
  databaseUrl: string;
  redisUrl: string;
  /** Which of them this process started (the others came from the environment). */
  embedded: { temporal: boolean; postgres: boolean; redis: boolean };
}

export interface StartStackOptions {
  dataDir: string;
  ports: StackPorts;
  namespace?: string;
  supervisor: Supervisor;
  /** Use TEMPORAL_ADDRESS / DATABASE_URL / REDIS_URL from here when set (default process.env). */
  env?: NodeJS.ProcessEnv;
  headlessTemporal?: boolean;
  persistentRedis?: boolean;
  log?: (line: string) => void;
}

/**
 * Brings up the three services OpenTrade needs: each from the environment when its URL is set,
 * else as a supervised local child with its data under dataDir. Then migrates the database and
 * registers the search attributes, so the stack is ready for workers.
 */
export async function startStack(o: StartStackOptions): Promise<StackEndpoints> {
  const env = o.env ?? process.env;
  const log = o.log ?? (() => {});
  const embedded = { temporal: !env.TEMPORAL_ADDRESS, postgres: !env.DATABASE_URL, redis: !env.REDIS_URL };

  // Fail fast on missing binaries before anything starts.
  const redisBin = embedded.redis ? requireRedisBinary() : undefined;
  const temporalBin = embedded.temporal ? await requireTemporalBinary(path.join(o.dataDir, 'bin'), log) : undefined;

  const tasks: Promise<unknown>[] = [];
  if (temporalBin) {
    log(`starting Temporal dev server on :${o.ports.temporal} (UI :${o.ports.temporalUi})`);
    tasks.push(
      o.supervisor.start(
        temporalDevServerSpec({
          binary: temporalBin,
          dataDir: path.join(o.dataDir, 'temporal'),
          port: o.ports.temporal,
          uiPort: o.ports.temporalUi,
          httpPort: o.ports.temporalHttp,
          metricsPort: o.ports.temporalMetrics,
          namespace: o.namespace,
          headless: o.headlessTemporal,
        }),
      ),
    );
  }
  if (redisBin) {
    log(`starting redis-server on :${o.ports.redis}`);
    tasks.push(
      o.supervisor.start(
        redisServerSpec({
          binary: redisBin,
          dataDir: path.join(o.dataDir, 'redis'),
          port: o.ports.redis,
          persistent: o.persistentRedis,
        }),
      ),
    );
  }
  if (embedded.postgres) {
    const pgDir = path.join(o.dataDir, 'postgres');
    log(`starting embedded PostgreSQL on :${o.ports.postgres}`);
    tasks.push(
      (async () => {
        await initEmbeddedPostgres(pgDir);
        await o.supervisor.start(await postgresServerSpec({ dataDir: pgDir, port: o.ports.postgres }));
      })(),
    );
  }
  await Promise.all(tasks);

  const endpoints: StackEndpoints = {
    temporalAddress: env.TEMPORAL_ADDRESS ?? `127.0.0.1:${o.ports.temporal}`,
    temporalUiUrl:
      embedded.temporal && !o.headlessTemporal ? `http://127.0.0.1:${o.ports.temporalUi}` : env.TEMPORAL_UI_URL,
    databaseUrl: env.DATABASE_URL ?? embeddedDatabaseUrl(o.ports.postgres),
    redisUrl: env.REDIS_URL ?? `redis://127.0.0.1:${o.ports.redis}`,
    embedded,
  };

  await ensureDatabase(endpoints.databaseUrl);
  log('applying database migrations');
  await migrateDeploy(endpoints.databaseUrl);
  await waitForTemporal(endpoints.temporalAddress);
  const added = await registerSearchAttributes(endpoints.temporalAddress, o.namespace ?? 'default');
  if (added.length) log(`registered search attributes: ${added.join(', ')}`);
  return endpoints;
}
