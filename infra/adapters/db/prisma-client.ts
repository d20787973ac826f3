import { PrismaClient } from '../../../prisma/generated/client';
import { createPgAdapterFactory } from './pg-adapter-factory';
import { requireDatabaseUrl } from './connection-config';

export type { PrismaClient };

/**
 * The generated PrismaClient over @prisma/adapter-pg (no native engine). The caller owns it and
 * must `$disconnect()` it. Throws naming DATABASE_URL when no URL is given or set.
 */
export function createPrisma(databaseUrl: string | undefined = process.env.DATABASE_URL): PrismaClient {
  return new PrismaClient({ adapter: createPgAdapterFactory(requireDatabaseUrl(databaseUrl)) });
}

/** Prisma's namespace (Prisma.Decimal, Prisma.PrismaClientKnownRequestError, input types). */
export { Prisma } from '../../../prisma/generated/client';
