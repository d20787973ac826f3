// Proves a round trip to PostgreSQL through the same client the repositories use (doctor, gateway).
import type { RepositoryDb } from './repository-db';

export function createDatabaseProbe(db: RepositoryDb) {
  return {
    async ping(): Promise<void> {
      await db.prisma.$queryRawUnsafe('SELECT 1');
    },
  };
}

export type DatabaseProbe = ReturnType<typeof createDatabaseProbe>;
