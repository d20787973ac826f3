import os from 'node:os';
import type Redis from 'ioredis';
import type { DatabaseProbe } from '../infra/adapters/db/repositories/database-probe';

export interface SystemProbeResult {
  hostname: string;
  pid: number;
  node: string;
  postgres: 'ok' | string;
  redis: 'ok' | string;
}

export interface SystemDeps {
  database: DatabaseProbe;
  redis: Redis;
}

/** Activities that let `doctor` and the gateway prove a worker really executes work end to end. */
export function createSystemActivities(deps: SystemDeps) {
  return {
    async systemProbe(): Promise<SystemProbeResult> {
      const postgres = await deps.database.ping().then(
        () => 'ok' as const,
        (e: Error) => `fail: ${e.message}`,
      );
      const redis = await deps.redis.ping().then(
        () => 'ok' as const,
        (e: Error) => `fail: ${e.message}`,
      );
      return { hostname: os.hostname(), pid: process.pid, node: process.version, postgres, redis };
    },
  };
}
