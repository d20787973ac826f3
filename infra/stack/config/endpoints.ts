import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { OpenTradeConfig } from '../../../core/config/schema';
import { writeFileAtomic } from './atomic-write';
import { dataDir } from './paths';
import { embeddedDatabaseUrl } from '../postgres-server';

export interface Endpoints {
  temporalAddress: string;
  temporalUiUrl?: string;
  databaseUrl: string;
  redisUrl: string;
  gatewayUrl?: string;
  webUrl?: string;
}

const file = () => path.join(dataDir(), 'endpoints.json');

/** `up` records where its services listen, so other commands (doctor, worker, trade) find them. */
export function writeEndpoints(e: Endpoints): void {
  writeFileAtomic(file(), JSON.stringify(e, null, 2));
}

export function clearEndpoints(): void {
  rmSync(file(), { force: true });
}

/** Environment first, then what a running `up` recorded, then the embedded defaults from the config. */
export function resolveEndpoints(config?: OpenTradeConfig, env = process.env): Endpoints {
  let recorded: Partial<Endpoints> = {};
  if (existsSync(file())) {
    try {
      recorded = JSON.parse(readFileSync(file(), 'utf8'));
    } catch {
      recorded = {};
    }
  }
  return {
    temporalAddress: env.TEMPORAL_ADDRESS ?? recorded.temporalAddress ?? `127.0.0.1:${config?.temporal.port ?? 7233}`,
    temporalUiUrl:
      env.TEMPORAL_UI_URL ?? recorded.temporalUiUrl ?? `http://127.0.0.1:${config?.temporal.uiPort ?? 8233}`,
    databaseUrl: env.DATABASE_URL ?? recorded.databaseUrl ?? embeddedDatabaseUrl(config?.postgres.port ?? 5433),
    redisUrl: env.REDIS_URL ?? recorded.redisUrl ?? `redis://127.0.0.1:${config?.redis.port ?? 6380}`,
    gatewayUrl: recorded.gatewayUrl ?? `http://${config?.gateway.host ?? '127.0.0.1'}:${config?.gateway.port ?? 18790}`,
    webUrl: recorded.webUrl ?? `http://127.0.0.1:${config?.web.port ?? 3000}`,
  };
}
