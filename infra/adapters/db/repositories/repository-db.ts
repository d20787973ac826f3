// What every repository is built from: Prisma for the rare and relational writes, hand-written SQL for
// the statements every trading cycle makes (sql.ts says why), and our table names qualified by the
// database URL's `?schema=` as Prisma qualifies its own.
import { parseDatabaseUrl } from '../connection-config';
import { Prisma, type PrismaClient } from '../prisma-client';
import { sqlFromPrisma, sqlTable, type Sql } from '../sql';

export interface RepositoryDeps {
  prisma: PrismaClient;
  /** The trading cycle's hand-written SQL (a pg pool in the worker); Prisma's raw queries when absent. */
  sql?: Sql;
  /** The URL prisma was built from: its `?schema=` qualifies hand-written SQL. */
  databaseUrl?: string;
}

export interface RepositoryDb {
  prisma: PrismaClient;
  sql: Sql;
  /** A table or type name for hand-written SQL. */
  table(name: string): Prisma.Sql;
}

export function repositoryDb(deps: RepositoryDeps): RepositoryDb {
  const schema = deps.databaseUrl ? parseDatabaseUrl(deps.databaseUrl).schema : undefined;
  return { prisma: deps.prisma, sql: deps.sql ?? sqlFromPrisma(deps.prisma), table: (name) => sqlTable(schema, name) };
}

/** The value of one scalar subquery, alone in its statement. */
export async function selectValue<T>(db: RepositoryDb, value: Prisma.Sql): Promise<T> {
  const [row] = await db.sql.rows<{ v: T }>(Prisma.sql`SELECT ${value} AS v`);
  return row.v;
}
