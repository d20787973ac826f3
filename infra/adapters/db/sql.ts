// Plain SQL over pg, for the paths where Prisma's request pipeline costs more than the query: the
// durable backtest's tens of MB of bytea (~1.2 s per 25 MB through Prisma's driver adapter, ~0.3 s
// through pg) and every trading cycle's few statements (~0.25 ms of worker CPU each through
// Prisma's raw queries, ~0.05 ms through pg; measured 2026-11-26). Backed by a pg Pool when a
// database URL is known, by Prisma's raw queries otherwise (tests that wire only a PrismaClient).
import { Pool } from 'pg';
import { parseDatabaseUrl } from './connection-config';
import { Prisma } from './prisma-client';
import { quoteIdent } from './quote-ident';

export interface Sql {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** A `Prisma.sql` template: the same text and values `$queryRaw` would send. */
  rows<T = Record<string, unknown>>(q: Prisma.Sql): Promise<T[]>;
  close(): Promise<void>;
}

interface RawPrisma {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export function sqlFromPool(databaseUrl: string, o: { max?: number } = {}): Sql {
  const pool = new Pool({ ...parseDatabaseUrl(databaseUrl).pool, max: o.max ?? 6, allowExitOnIdle: true });
  // An idle connection the server ends (restart, shutdown) is dropped by the pool; unhandled, the
  // 'error' event would crash the process.
  pool.on('error', () => {});
  const query = async <T>(text: string, values: unknown[] = []) => (await pool.query(text, values)).rows as T[];
  return { query, rows: (q) => query(q.text, q.values), close: () => pool.end() };
}

export function sqlFromPrisma(prisma: RawPrisma): Sql {
  const query = <T>(text: string, values: unknown[] = []) => prisma.$queryRawUnsafe<T[]>(text, ...values);
  return { query, rows: (q) => query(q.text, q.values), close: async () => {} };
}

/** A table or type name for hand-written SQL, in `schema` when the database URL names one. */
export function sqlTable(schema: string | undefined, name: string): Prisma.Sql {
  return Prisma.raw(schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name));
}

/** A unique-constraint violation, from pg (SQLSTATE 23505) or as Prisma wraps it. */
export function isUniqueViolation(e: unknown): boolean {
  if ((e as { code?: unknown } | null)?.code === '23505') return true;
  if (!(e instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (e.code === 'P2002') return true;
  const meta = e.meta as
    { code?: unknown; driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } | undefined;
  return (
    meta?.code === '23505' ||
    meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation' ||
    meta?.driverAdapterError?.cause?.originalCode === '23505' ||
    /23505|unique constraint/i.test(e.message)
  );
}
