import pg from 'pg';
import { parseDatabaseUrl, requireDatabaseUrl } from './connection-config';

const DUPLICATE_DATABASE = '42P04';

/**
 * Creates the database named by the URL when it does not exist (connecting to the server's
 * `postgres` maintenance database with the same credentials). Returns true when it created it.
 */
export async function ensureDatabase(databaseUrl: string | undefined = process.env.DATABASE_URL): Promise<boolean> {
  const { pool } = parseDatabaseUrl(requireDatabaseUrl(databaseUrl));
  const client = new pg.Client({ ...pool, database: 'postgres' });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot reach PostgreSQL at ${pool.host}:${pool.port} as "${pool.user ?? '(default user)'}" to create database "${pool.database}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [pool.database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${pool.database.replace(/"/g, '""')}"`);
      return true;
    } catch (error) {
      // Another process created it between our check and our CREATE: that is the outcome we wanted.
      if ((error as { code?: string }).code === DUPLICATE_DATABASE) return false;
      throw new Error(`cannot create database "${pool.database}": ${(error as Error).message}`, { cause: error });
    }
  } finally {
    await client.end();
  }
}
