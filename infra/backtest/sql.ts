// The durable backtest moves tens of MB of bytea per run. Through Prisma's driver adapter that costs
// ~1.2 s per 25 MB read (measured), through pg directly ~0.3 s: the store speaks this small interface,
// backed by a pg Pool when a database URL is known and by Prisma's raw queries otherwise.
import { Pool } from 'pg';
import { parseDatabaseUrl } from '../db';

export interface Sql {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

interface RawPrisma {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export function sqlFromPool(databaseUrl: string): Sql {
  const { pool: config, schema } = parseDatabaseUrl(databaseUrl);
  const pool = new Pool({ ...config, max: 6, allowExitOnIdle: true, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  // An idle connection the server ends (restart, shutdown) is dropped by the pool; unhandled, the
  // 'error' event would crash the process.
  pool.on('error', () => {});
  return {
    async query<T>(text: string, values: unknown[] = []) {
      return (await pool.query(text, values)).rows as T[];
    },
    close: () => pool.end(),
  };
}

export function sqlFromPrisma(prisma: RawPrisma): Sql {
  return {
    query: <T>(text: string, values: unknown[] = []) => prisma.$queryRawUnsafe<T[]>(text, ...values),
    close: async () => {},
  };
}
