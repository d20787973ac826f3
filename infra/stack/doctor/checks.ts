import { statfsSync, existsSync, mkdirSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import Redis from 'ioredis';
import type { OpenTradeConfig } from '../../../core/config/schema';
import type { Endpoints } from '../config/endpoints';
import { loadConfig } from '../config/load';
import { migrationStatus } from '../../adapters/db/migrate';
import { missingSearchAttributes } from '../search-attributes';
import { REDIS_INSTALL_HINT } from '../redis-server';
import { findTemporalBinary, TEMPORAL_INSTALL_HINT } from '../temporal-server';
import { fail, ok, warn, withTimeout, type CheckResult } from './check';
import { redactSecrets } from '../../../core/security/redact-secrets';
import { resolveEndpoint } from '../../../core/llm/resolve-endpoint';
import { usesModel } from '../../../core/llm/roles';
import { createLlmClient } from '../../adapters/llm/llm-client';
import { probeLocalModelFile, probeModel, probeModels } from './llm-probe';
import { dataDir as defaultDataDir } from '../config/paths';
import { intelChecks } from './intel-check';
import { notificationChecks } from './notify-check';
import { createPrisma } from '../../adapters/db';
import { createIntelRepository } from '../../adapters/db/repositories/intel';
import { repositoryDb } from '../../adapters/db/repositories/repository-db';

export function checkNode(version = process.versions.node): CheckResult {
  const [major, minor] = version.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 12)) return ok('node', `Node ${version}`);
  return fail(
    'node',
    `Node ${version} is older than 22.12`,
    'install Node 24 LTS: `npm i -g --prefix /usr/local node@24` (or nvm install 24)',
  );
}

export function checkConfig(): { result: CheckResult; config?: OpenTradeConfig } {
  try {
    const config = loadConfig();
    return { result: ok('config', 'config file valid'), config };
  } catch (e) {
    return {
      result: fail(
        'config',
        (e as Error).message,
        'run `opentrade init` or fix the value named above with `opentrade config set`',
      ),
    };
  }
}

export function checkTemporalBinary(env = process.env): CheckResult {
  try {
    const bin = findTemporalBinary();
    if (bin) return ok('temporal-cli', bin, !env.TEMPORAL_ADDRESS);
  } catch (e) {
    return fail('temporal-cli', (e as Error).message, TEMPORAL_INSTALL_HINT, !env.TEMPORAL_ADDRESS);
  }
  if (env.TEMPORAL_ADDRESS)
    return warn('temporal-cli', 'not found (not needed: TEMPORAL_ADDRESS is set)', TEMPORAL_INSTALL_HINT);
  return fail(
    'temporal-cli',
    'the `temporal` CLI is not on PATH and TEMPORAL_CLI_PATH is unset',
    TEMPORAL_INSTALL_HINT,
  );
}

export async function checkTemporal(address: string, namespace: string): Promise<CheckResult[]> {
  let connection: Connection | undefined;
  try {
    connection = await withTimeout('Temporal', 5000, Connection.connect({ address, connectTimeout: 4000 }));
    await withTimeout('Temporal', 5000, connection.workflowService.describeNamespace({ namespace }));
    const missing = await withTimeout('Temporal', 5000, missingSearchAttributes(address, namespace));
    return [
      ok('temporal', `reachable at ${address}, namespace ${namespace}`),
      missing.length === 0
        ? ok('search-attributes', 'all registered')
        : fail(
            'search-attributes',
            `missing: ${missing.join(', ')}`,
            '`opentrade up` registers them, or run `temporal operator search-attribute create --name <name> --type Keyword`',
          ),
    ];
  } catch (e) {
    return [
      fail(
        'temporal',
        `not reachable at ${address}: ${(e as Error).message}`,
        'start the stack with `opentrade up`, or set TEMPORAL_ADDRESS to a running Temporal',
      ),
    ];
  } finally {
    await connection?.close();
  }
}

export async function checkPostgres(databaseUrl: string): Promise<CheckResult[]> {
  try {
    const status = await withTimeout('PostgreSQL', 60_000, migrationStatus(databaseUrl));
    return [
      ok('postgres', 'reachable'),
      status.upToDate
        ? ok('migrations', 'up to date')
        : fail(
            'migrations',
            `pending: ${status.pending.join(', ')}`,
            'run `opentrade up` (it applies them) or `npx prisma migrate deploy`',
          ),
    ];
  } catch (e) {
    return [
      fail(
        'postgres',
        `not reachable or not migrated: ${(e as Error).message.split('\n')[0]}`,
        'start the stack with `opentrade up`, or set DATABASE_URL to a running PostgreSQL 15+',
      ),
    ];
  }
}

export async function checkRedis(redisUrl: string): Promise<CheckResult> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  redis.on('error', () => {});
  try {
    await withTimeout('Redis', 4000, redis.connect());
    const pong = await withTimeout('Redis', 4000, redis.ping());
    return ok('redis', `reachable (${pong})`);
  } catch (e) {
    return fail(
      'redis',
      `Redis not reachable at ${redactSecrets(redisUrl)}: ${redactSecrets((e as Error).message)}`,
      `start the stack with \`opentrade up\`, or set REDIS_URL; ${REDIS_INSTALL_HINT}`,
    );
  } finally {
    redis.disconnect();
  }
}

/** Live (non-sandbox) exchanges need their credentials; sandbox ones only warn. Values are never printed. */
export function checkCredentials(config: OpenTradeConfig, env = process.env): CheckResult[] {
  return config.exchanges
    .filter((x) => x.id !== 'sim')
    .map((x) => {
      const names = Object.values(x.credentials).filter((n): n is string => !!n);
      const missing = names.filter((n) => !env[n]);
      const name = `credentials:${x.name ?? x.id}`;
      if (names.length === 0)
        return x.sandbox
          ? warn(
              name,
              'no credential env vars configured',
              `opentrade config set exchanges.N.credentials.apiKey ${x.id.toUpperCase()}_API_KEY`,
            )
          : fail(
              name,
              'live exchange without credential env vars',
              'configure exchanges.N.credentials with env var names',
            );
      if (missing.length === 0) return ok(name, `${names.length} credential env vars set`, !x.sandbox);
      const detail = `missing env vars: ${missing.join(', ')}`;
      const fix = 'set them in the environment or in .env (never in the config file)';
      return x.sandbox ? warn(name, detail, fix) : fail(name, detail, fix);
    });
}

/**
 * Skipped while every agent is deterministic. Otherwise the key's env var must be set, the
 * endpoint must answer /models and every configured model a schema-constrained probe; for the
 * `local` provider the model file must first be one the server can load.
 */
export async function checkLlm(
  config: OpenTradeConfig,
  env = process.env,
  dataDir = defaultDataDir(),
): Promise<CheckResult> {
  const llm = config.llm;
  if (!usesModel(llm.agents)) return ok('llm', 'not used (every agent is deterministic)', false);
  if (llm.provider === 'local') {
    const missing = probeLocalModelFile(llm.local, dataDir);
    if (missing) return fail('llm', missing.what, missing.fix);
  }
  const endpoint = resolveEndpoint(llm);
  if (endpoint.apiKeyEnv && !env[endpoint.apiKeyEnv])
    return fail(
      'llm',
      `the API key env var ${endpoint.apiKeyEnv} for ${endpoint.provider} at ${endpoint.baseUrl} is not set`,
      `set ${endpoint.apiKeyEnv} in the environment or .env (never in the config file)`,
    );
  const client = createLlmClient(llm, env);
  const listed = await probeModels(client, llm);
  if (!Array.isArray(listed)) return fail('llm', listed.what, listed.fix);
  const failures = (await Promise.all(client.models.map((m) => probeModel(client, llm, m)))).filter((f) => f !== null);
  if (failures.length)
    return fail('llm', failures.map((f) => f.what).join('; '), [...new Set(failures.map((f) => f.fix))].join('; '));
  return ok('llm', `${endpoint.baseUrl} answers; models ${client.models.join(', ')} give schema-valid answers`);
}

export async function checkIntel(config: OpenTradeConfig, databaseUrl: string): Promise<CheckResult[]> {
  const prisma = createPrisma(databaseUrl);
  try {
    const runs = await withTimeout('PostgreSQL', 10_000, createIntelRepository(repositoryDb({ prisma })).lastRuns());
    return intelChecks(config.intel, runs);
  } catch (e) {
    return [
      warn(
        'intel',
        `sync runs unreadable: ${(e as Error).message.split('\n')[0]}`,
        'run `opentrade doctor` again once PostgreSQL answers',
      ),
    ];
  } finally {
    await prisma.$disconnect();
  }
}

export function checkDisk(dir: string): CheckResult {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const s = statfsSync(dir);
  const freeGb = (s.bavail * s.bsize) / 1024 ** 3;
  const detail = `${freeGb.toFixed(1)} GiB free at ${dir}`;
  if (freeGb < 0.2) return fail('disk', detail, 'free disk space: PostgreSQL and Temporal need room to write');
  if (freeGb < 2) return warn('disk', detail, 'less than 2 GiB free: candle history and Temporal history grow');
  return ok('disk', detail);
}

export async function runAllChecks(
  endpoints: (config?: OpenTradeConfig) => Endpoints,
  dataDir: string,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [checkNode()];
  const { result, config } = checkConfig();
  results.push(result, checkTemporalBinary());
  const e = endpoints(config);
  const [temporal, postgres, redis] = await Promise.all([
    checkTemporal(e.temporalAddress, config?.temporal.namespace ?? 'default'),
    checkPostgres(e.databaseUrl),
    checkRedis(e.redisUrl),
  ]);
  results.push(...temporal, ...postgres, redis);
  if (config) results.push(...checkCredentials(config), await checkLlm(config, process.env, dataDir));
  if (config?.intel.enabled && postgres.every((r) => r.status === 'ok'))
    results.push(...(await checkIntel(config, e.databaseUrl)));
  if (config)
    results.push(
      ...(await notificationChecks(config.notifications, process.env).catch((e: Error) => [
        warn('notify', e.message, 'run `opentrade notify test` to see each channel'),
      ])),
    );
  results.push(checkDisk(dataDir));
  return results;
}
