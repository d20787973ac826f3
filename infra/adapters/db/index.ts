export { createPrisma, Prisma, type PrismaClient } from './prisma-client';
export { createPgAdapterFactory, type OpenTradePgAdapterFactory } from './pg-adapter-factory';
export { migrateDeploy, migrationStatus, type MigrateDeployResult, type MigrationStatus } from './migrate';
export { ensureDatabase } from './ensure-database';
export { parseDatabaseUrl, redactDatabaseUrl, requireDatabaseUrl } from './connection-config';
export { sqlFromPool, sqlFromPrisma, sqlTable, isUniqueViolation, type Sql } from './sql';
export { createRepositories, type Repositories, type RepositoryDeps } from './repositories';
