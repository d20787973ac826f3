// Names of our tables and types for hand-written SQL, in the `?schema=` of the database URL when it
// names one (Prisma qualifies its own queries the same way).
import { parseDatabaseUrl, Prisma } from '../infra/db';
import type { ActivityDeps } from './deps';

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

export function sqlName(deps: Pick<ActivityDeps, 'databaseUrl'>, name: string): Prisma.Sql {
  const schema = deps.databaseUrl ? parseDatabaseUrl(deps.databaseUrl).schema : undefined;
  return Prisma.raw(schema ? `${quote(schema)}.${quote(name)}` : quote(name));
}
