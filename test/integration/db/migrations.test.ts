import { readdirSync } from 'node:fs';
import path from 'node:path';
import { migrateDeploy, migrationStatus } from '../../../infra/adapters/db';
import { runPrismaCli } from '../../../infra/adapters/db/prisma-cli';
import { createFreshDatabase, withPg, type FreshDatabase } from './fresh-database';

// The CLI and database work below can take seconds on a loaded machine; the project-level
// testTimeout is not applied by jest 30, so set it here.
jest.setTimeout(120_000);

const MIGRATIONS_DIR = path.resolve(__dirname, '../../../prisma/migrations');
const checkedIn = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const EXPECTED_TABLES = [
  'agent_signals',
  'backtest_equity_points',
  'backtest_runs',
  'backtest_trades',
  'candles',
  'decisions',
  'equity_snapshots',
  'evolution_generations',
  'evolution_runs',
  'llm_cache_entries',
  'llm_calls',
  'orders',
  'paper_accounts',
  'paper_fills',
  'paper_orders',
  'positions',
  'reconciliation_events',
  'strategies',
  'trades',
  'trading_sessions',
];

describe('prisma migrations on a fresh database', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await createFreshDatabase('ot_migrations');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reports every checked-in migration as pending before the first deploy', async () => {
    expect(checkedIn.length).toBeGreaterThanOrEqual(2);
    const status = await migrationStatus(db.url);
    expect(status.upToDate).toBe(false);
    expect(status.pending).toEqual(checkedIn);
  });

  it('applies all migrations, creates the tables, and then reports up to date', async () => {
    const deploy = await migrateDeploy(db.url);
    expect(deploy.applied).toEqual(checkedIn);
    // The engine arms a 10 s timer that kept the CLI alive after its work; we end it on success.
    expect(deploy.durationMs).toBeLessThan(10_000);

    const tables = await withPg(db.url, async (c) =>
      (await c.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map(
        (r) => r.tablename,
      ),
    );
    expect(tables).toEqual(expect.arrayContaining([...EXPECTED_TABLES, '_prisma_migrations']));

    const status = await migrationStatus(db.url);
    expect(status).toMatchObject({ upToDate: true, pending: [] });
  });

  it('is idempotent: a second deploy applies nothing', async () => {
    const again = await migrateDeploy(db.url);
    expect(again.applied).toEqual([]);
    expect(again.output).toMatch(/No pending migrations to apply/);
  });

  it('matches schema.prisma exactly (a schema change without its migration fails here)', async () => {
    // Replays the migrations into a shadow database (created and dropped through our adapter).
    const diff = await runPrismaCli(
      [
        'migrate',
        'diff',
        '--from-migrations',
        'prisma/migrations',
        '--to-schema-datamodel',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      db.url,
    );
    expect({ exitCode: diff.exitCode, output: diff.output }).toMatchObject({
      exitCode: 0,
      output: expect.stringMatching(/No difference detected/),
    });
  });

  it('fails with a clear error when the database cannot be reached', async () => {
    const unreachable = new URL(db.url);
    unreachable.port = '1'; // nothing listens on port 1
    unreachable.password = 'hunter2-secret';
    const attempt = migrateDeploy(unreachable.toString(), { timeoutMs: 60_000 });
    await expect(attempt).rejects.toThrow(/prisma migrate deploy failed/);
    await expect(attempt).rejects.not.toThrow(/hunter2-secret/);
  });

  it('names DATABASE_URL when no URL is given', async () => {
    await expect(migrateDeploy('')).rejects.toThrow(/DATABASE_URL/);
  });
});
