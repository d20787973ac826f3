import os from 'node:os';
import type Redis from 'ioredis';

export interface SystemProbeResult {
  hostname: string;
  pid: number;
  node: string;
  postgres: 'ok' | string;
  redis: 'ok' | string;
}

export interface SystemDeps {
  /** Anything with $queryRaw, so tests can pass a real PrismaClient on any database. */
  prisma: { $queryRawUnsafe(sql: string): Promise<unknown> };
  redis: Redis;
}

/** Activities that let `doctor` and the gateway prove a worker really executes work end to end. */
export function createSystemActivities(deps: SystemDeps) {
  return {
    async systemProbe(): Promise<SystemProbeResult> {
      const postgres = await deps.prisma.$queryRawUnsafe('SELECT 1').then(
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
