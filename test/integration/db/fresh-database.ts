import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ensureDatabase, parseDatabaseUrl } from '../../../infra/adapters/db';

export type FreshDatabase = { url: string; name: string; drop(): Promise<void> };

/** The server URL given by the integration global setup (or the developer). */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_URL is not set: the integration global setup (or you) must point it at a PostgreSQL server',
    );
  return url;
}

/** A new, empty database on the DATABASE_URL server, so each test file starts from nothing. */
export async function createFreshDatabase(prefix: string): Promise<FreshDatabase> {
  const url = new URL(serverUrl());
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  url.pathname = `/${name}`;
  url.search = '';
  const created = await ensureDatabase(url.toString());
  if (!created) throw new Error(`database ${name} already existed`);
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ ...parseDatabaseUrl(url.toString()).pool, database: 'postgres' });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(parseDatabaseUrl(url).pool);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
