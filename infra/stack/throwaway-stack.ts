// A complete stack on free ports with throw-away data, for the integration tests and benchmarks:
// headless Temporal, PostgreSQL (migrated), non-persistent Redis; stop() removes everything.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './net';
import { startStack, type StackEndpoints } from './stack';
import { Supervisor } from './supervisor';

export interface ThrowawayStack {
  endpoints: StackEndpoints;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startThrowawayStack(log: (line: string) => void = () => {}): Promise<ThrowawayStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'opentrade-stack-'));
  chmodSync(dataDir, 0o755); // the postgres system user must reach its data dir
  const supervisor = new Supervisor(path.join(dataDir, 'logs'), log);
  const stop = async () => {
    await supervisor.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const ports = {
      temporal: await freePort(),
      temporalUi: await freePort(),
      temporalHttp: await freePort(),
      temporalMetrics: await freePort(),
      postgres: await freePort(),
      redis: await freePort(),
    };
    // Its own services even when the caller's shell has URLs set.
    const endpoints = await startStack({
      dataDir,
      ports,
      supervisor,
      env: {},
      headlessTemporal: true,
      persistentRedis: false,
    });
    return { endpoints, dataDir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The services named by `vars` from the environment when all are set, else a throw-away stack. */
export async function envOrThrowawayStack(
  vars: readonly ('TEMPORAL_ADDRESS' | 'DATABASE_URL' | 'REDIS_URL')[],
  log: (line: string) => void,
): Promise<{ temporalAddress: string; databaseUrl: string; redisUrl: string; stop(): Promise<void> }> {
  const env = process.env;
  if (vars.every((v) => env[v])) {
    return {
      temporalAddress: env.TEMPORAL_ADDRESS ?? '',
      databaseUrl: env.DATABASE_URL ?? '',
      redisUrl: env.REDIS_URL ?? '',
      stop: async () => {},
    };
  }
  log('starting a throw-away stack (Temporal dev server, PostgreSQL, Redis)…');
  const stack = await startThrowawayStack();
  return { ...stack.endpoints, stop: stack.stop };
}
