import { createPgAdapterFactory } from '../../../infra/adapters/db';
import { createFreshDatabase, withPg, type FreshDatabase } from './fresh-database';

// The CLI and database work below can take seconds on a loaded machine; the project-level
// testTimeout is not applied by jest 30, so set it here.
jest.setTimeout(120_000);

const query = (sql: string) => ({ sql, args: [], argTypes: [] });

describe('createPgAdapterFactory (adapter-pg 6.19.3 defects)', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await createFreshDatabase('ot_adapter');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('runs a script whole: dollar-quoted bodies, semicolons in strings and comments survive (defect 4)', async () => {
    const adapter = await createPgAdapterFactory(db.url).connect();
    try {
      await adapter.executeScript(`
        -- a comment; with a semicolon
        CREATE TABLE script_probe (note text);
        CREATE FUNCTION script_probe_fn() RETURNS int LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO script_probe VALUES ('inside; the body');
          RETURN 1;
        END
        $$;
        SELECT script_probe_fn();
        INSERT INTO script_probe VALUES ('a; b');`);
      const result = await adapter.queryRaw(query('SELECT note FROM script_probe ORDER BY note'));
      expect(result.rows).toEqual([['a; b'], ['inside; the body']]);
    } finally {
      await adapter.dispose();
    }
  });

  it('reports a failing script as a postgres error with its message', async () => {
    const adapter = await createPgAdapterFactory(db.url).connect();
    try {
      await expect(adapter.executeScript('SELECT 1; SELECT * FROM no_such_table;')).rejects.toMatchObject({
        name: 'DriverAdapterError',
        cause: expect.objectContaining({ originalCode: '42P01' }),
      });
    } finally {
      await adapter.dispose();
    }
  });

  it('describes name and "char" catalog columns as text (defect 1)', async () => {
    const adapter = await createPgAdapterFactory(db.url).connect();
    try {
      const result = await adapter.queryRaw(
        query(`SELECT c.relname, c.relkind, ARRAY[c.relname] AS names FROM pg_class c WHERE c.relname = 'pg_class'`),
      );
      expect(result.rows).toEqual([['pg_class', 'r', ['pg_class']]]);
    } finally {
      await adapter.dispose();
    }
  });

  it('gives the schema engine a separate shadow database and drops it after use (defects 2 and 3)', async () => {
    const shadow = await createPgAdapterFactory(db.url).connectToShadowDb();
    const result = await shadow.queryRaw(query('SELECT current_database()::text'));
    const shadowName = result.rows[0][0] as string;
    expect(shadowName).toMatch(/^prisma_migrate_shadow_db_/);
    expect(shadowName).not.toBe(db.name);
    await shadow.executeScript('CREATE TABLE shadow_only (id int)');
    await shadow.dispose();

    const remaining = await withPg(
      db.url,
      async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [shadowName])).rowCount,
    );
    expect(remaining).toBe(0);
    const leaked = await withPg(
      db.url,
      async (c) => (await c.query(`SELECT to_regclass('shadow_only') AS t`)).rows[0].t,
    );
    expect(leaked).toBeNull();
  });

  it('refuses a missing or malformed URL with a message naming DATABASE_URL', () => {
    expect(() => createPgAdapterFactory('')).toThrow(/DATABASE_URL is not set/);
    expect(() => createPgAdapterFactory('mysql://u:p@h/db')).toThrow(/DATABASE_URL must start with postgresql:\/\//);
    expect(() => createPgAdapterFactory('postgresql://u:p@h:5432/')).toThrow(/DATABASE_URL names no database/);
  });
});
