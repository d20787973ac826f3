// The gateway's part of the intelligence store: the intel repository the sync writes, read over the
// gateway's own clients. Built per request like the other repositories of the routes (cheap: no state).
import { repositoryDb } from '../../infra/adapters/db/repositories/repository-db';
import { createIntelRepository, type IntelRepository } from '../../infra/adapters/db/repositories/intel';
import type { GatewayData } from './gateway-data';

export function intelStore(data: Pick<GatewayData, 'prisma' | 'sql'>): IntelRepository {
  return createIntelRepository(repositoryDb({ prisma: data.prisma, sql: data.sql }));
}

/** A stored time (epoch ms, as the repository answers) as ISO-8601; null stays null. */
export function isoOf(t: number | null | undefined): string | null {
  return t === null || t === undefined ? null : new Date(t).toISOString();
}
