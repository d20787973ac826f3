// Hand-written SQL for activities: names of our tables and types, in the `?schema=` of the database
// URL when it names one (Prisma qualifies its own queries the same way), and where to send it.
import { parseDatabaseUrl, sqlFromPrisma, sqlTable, type Prisma, type Sql } from '../infra/adapters/db';
import type { ActivityDeps } from './deps';

export function sqlName(deps: Pick<ActivityDeps, 'databaseUrl'>, name: string): Prisma.Sql {
  const schema = deps.databaseUrl ? parseDatabaseUrl(deps.databaseUrl).schema : undefined;
  return sqlTable(schema, name);
}

const viaPrisma = new WeakMap<object, Sql>();

/** The deps' SQL runner: their pg pool, else (tests wiring only Prisma) Prisma's raw queries. */
export function sqlOf(deps: Pick<ActivityDeps, 'sql' | 'prisma'>): Sql {
  if (deps.sql) return deps.sql;
  let s = viaPrisma.get(deps.prisma);
  if (!s) viaPrisma.set(deps.prisma, (s = sqlFromPrisma(deps.prisma)));
  return s;
}
