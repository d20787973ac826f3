import type { PoolConfig } from 'pg';
import { quoteIdent } from './quote-ident';

export type DbConnectionConfig = {
  /**
   * Discrete fields, never a connection string: adapter-pg lets a connection string override `database`.
   * With a `?schema=`, its connections search that schema first (`options`), so unqualified SQL
   * (the schema engine's `_prisma_migrations`, hand-written queries) lands there too.
   */
  pool: PoolConfig & { host: string; port: number; database: string };
  /** The Postgres schema named by `?schema=` (Prisma's URL convention), if any. */
  schema?: string;
};

/** Returns the URL or throws an error that says which variable is missing and what it should look like. */
export function requireDatabaseUrl(url: string | undefined = process.env.DATABASE_URL): string {
  if (!url || url.trim() === '') {
    throw new Error(
      'DATABASE_URL is not set: set it to a PostgreSQL URL such as postgresql://user:password@127.0.0.1:5432/opentrade',
    );
  }
  return url.trim();
}

/** Parses a postgres:// URL into discrete pg settings. */
export function parseDatabaseUrl(databaseUrl: string): DbConnectionConfig {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL (expected postgresql://user:password@host:port/database)`);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must start with postgresql:// or postgres://, got "${url.protocol}//"`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL names no database (expected .../<database> after the host)');
  const params = url.searchParams;
  // `?host=/var/run/postgresql` selects a Unix socket directory, as libpq allows.
  const host = params.get('host') ?? (url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1');
  const pool: DbConnectionConfig['pool'] = {
    host,
    port: url.port ? Number(url.port) : 5432,
    database,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
  const sslmode = params.get('sslmode');
  if (sslmode === 'require' || sslmode === 'prefer' || sslmode === 'no-verify')
    pool.ssl = { rejectUnauthorized: false };
  else if (sslmode === 'verify-ca' || sslmode === 'verify-full') pool.ssl = true;
  const schema = params.get('schema') ?? undefined;
  if (schema) pool.options = `-c search_path=${quoteIdent(schema)}`;
  return { pool, schema };
}

/** The same URL with the password replaced, safe for logs and error messages. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<invalid DATABASE_URL>';
  }
}
