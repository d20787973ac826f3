import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { migrateDeploy } from '../../../infra/adapters/db';
import { createFreshDatabase, withPg, type FreshDatabase } from './fresh-database';

// The CLI and database work below can take seconds on a loaded machine; the project-level
// testTimeout is not applied by jest 30, so set it here.
jest.setTimeout(120_000);

const MIGRATIONS_DIR = path.resolve(__dirname, '../../../prisma/migrations');
const timescaleDir = readdirSync(MIGRATIONS_DIR).find((name) => name.endsWith('_timescale_hypertables'));
const timescaleSql = readFileSync(path.join(MIGRATIONS_DIR, timescaleDir ?? 'missing', 'migration.sql'), 'utf8');

type Catalog = { available: boolean; installed: boolean; preloaded: boolean };

/**
 * Runs the real migration script in a rolled-back transaction with a `fake` schema placed ahead of
 * pg_catalog on the search path, so the guard sees the catalog we describe and create_hypertable
 * only records its calls. Returns the recorded calls, or the error the script raised.
 */
async function runGuardAgainst(client: pg.Client, catalog: Catalog): Promise<{ calls: string[]; error?: string }> {
  await client.query('BEGIN');
  try {
    await client.query(`
      CREATE SCHEMA fake;
      CREATE TABLE fake.calls (call text);
      CREATE VIEW fake.pg_available_extensions AS
        SELECT name, default_version, installed_version, comment FROM pg_catalog.pg_available_extensions
        UNION ALL SELECT 'timescaledb'::name, '2.17.0', NULL, 'fake' WHERE ${catalog.available};
      CREATE VIEW fake.pg_extension AS
        SELECT extname FROM pg_catalog.pg_extension
        UNION ALL SELECT 'timescaledb'::name WHERE ${catalog.installed};
      CREATE FUNCTION fake.current_setting(setting text, missing_ok boolean) RETURNS text LANGUAGE sql AS $f$
        SELECT CASE WHEN setting = 'shared_preload_libraries' AND ${catalog.preloaded} THEN 'pg_stat_statements,timescaledb'
                    ELSE pg_catalog.current_setting(setting, missing_ok) END
      $f$;
      CREATE FUNCTION fake.create_hypertable(relation regclass, time_column_name name,
          chunk_time_interval interval DEFAULT NULL, if_not_exists boolean DEFAULT false,
          create_default_indexes boolean DEFAULT true, migrate_data boolean DEFAULT false)
        RETURNS void LANGUAGE sql AS $f$
        INSERT INTO fake.calls VALUES (relation::text || '.' || time_column_name || ' default_indexes=' || create_default_indexes)
      $f$;
      SET LOCAL search_path = fake, pg_catalog, public;
    `);
    await client.query('SAVEPOINT before_migration');
    try {
      await client.query(timescaleSql);
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT before_migration');
      return { calls: [], error: (error as Error).message };
    }
    const calls = (await client.query<{ call: string }>('SELECT call FROM fake.calls ORDER BY call')).rows.map(
      (r) => r.call,
    );
    return { calls };
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('TimescaleDB migration', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await createFreshDatabase('ot_timescale');
    await migrateDeploy(db.url);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('exists as a checked-in migration', () => {
    expect(timescaleDir).toBeDefined();
  });

  it('leaves candles and equity_snapshots as plain tables on plain PostgreSQL', async () => {
    await withPg(db.url, async (c) => {
      const ext = await c.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`);
      expect(ext.rowCount).toBe(0);
      const rel = await c.query<{ relname: string; relkind: string; children: number }>(`
        SELECT c.relname::text, c.relkind::text,
               (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid) AS children
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname IN ('candles', 'equity_snapshots') ORDER BY c.relname`);
      expect(rel.rows).toEqual([
        { relname: 'candles', relkind: 'r', children: 0 },
        { relname: 'equity_snapshots', relkind: 'r', children: 0 },
      ]);
      // Hypertables require the partitioning column in every unique index: keep that true.
      const uniques = await c.query<{ table: string; index: string; has_time: boolean }>(`
        SELECT t.relname::text AS table, i.relname::text AS index,
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'time'
                       AND a.attnum = ANY (x.indkey)) AS has_time
        FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indisunique AND t.relname IN ('candles', 'equity_snapshots')`);
      expect(uniques.rows.length).toBeGreaterThanOrEqual(3);
      expect(uniques.rows.filter((r) => !r.has_time)).toEqual([]);
    });
  });

  it('does nothing when the extension is not available', async () => {
    const result = await withPg(db.url, (c) =>
      runGuardAgainst(c, { available: false, installed: false, preloaded: true }),
    );
    expect(result).toEqual({ calls: [] });
  });

  it('does nothing (rather than failing) when the extension is installed on disk but not preloaded', async () => {
    const result = await withPg(db.url, (c) =>
      runGuardAgainst(c, { available: true, installed: false, preloaded: false }),
    );
    expect(result).toEqual({ calls: [] });
  });

  it('creates the extension when it is available and preloaded', async () => {
    // This server has no TimescaleDB files, so reaching CREATE EXTENSION shows up as its error.
    const result = await withPg(db.url, (c) =>
      runGuardAgainst(c, { available: true, installed: false, preloaded: true }),
    );
    expect(result.error).toMatch(/extension "timescaledb"/);
    expect(result.calls).toEqual([]);
  });

  it('turns both tables into hypertables on time when the extension is present', async () => {
    const result = await withPg(db.url, (c) =>
      runGuardAgainst(c, { available: true, installed: true, preloaded: true }),
    );
    expect(result).toEqual({
      calls: ['candles.time default_indexes=false', 'equity_snapshots.time default_indexes=false'],
    });
  });
});
