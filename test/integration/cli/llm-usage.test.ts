// `opentrade llm usage` as a user runs it: the real CLI in a child process, reading the LlmCall rows
// of a real PostgreSQL (a fresh database, so the totals are exactly the rows seeded here).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrisma, migrateDeploy, type PrismaClient } from '../../../infra/adapters/db';
import { createLlmCallRepository, type LlmCallRow } from '../../../infra/adapters/db/repositories/llm-calls';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import { createFreshDatabase, type FreshDatabase } from '../db/fresh-database';
import { closedPort } from '../api/probes';
import { runCliAsync } from './run-cli';

jest.setTimeout(120_000);

const DAY = 86_400_000;

let db: FreshDatabase;
let prisma: PrismaClient;
let env: NodeJS.ProcessEnv;

function call(o: Partial<LlmCallRow>): LlmCallRow {
  return {
    id: randomUUID(),
    sessionId: 'cli-s1',
    role: 'market',
    model: 'gpt-4o-mini',
    promptHash: randomUUID(),
    messages: [{ role: 'user', content: 'close 64000' }],
    rawAnswer: '{}',
    parsed: { reasoning: 'r' },
    abstainReason: null,
    promptTokens: 1000,
    completionTokens: 200,
    costUsd: 0.0625,
    latencyMs: 400,
    cacheHit: false,
    error: null,
    createdAt: new Date(),
    ...o,
  };
}

beforeAll(async () => {
  db = await createFreshDatabase('ot_llm_cli');
  await migrateDeploy(db.url);
  prisma = createPrisma(db.url);
  const repo = createLlmCallRepository(repositoryDb({ prisma }));
  await repo.record(call({}));
  await repo.record(call({ role: 'coordinator', model: 'gpt-4o', costUsd: 0.25, completionTokens: 300 }));
  await repo.record(call({ cacheHit: true }));
  await repo.record(call({ role: 'risk', model: 'gpt-4o', costUsd: 0, abstainReason: 'refusal' }));
  await repo.record(call({ sessionId: 'cli-s2', costUsd: 1 }));
  await repo.record(call({ createdAt: new Date(Date.now() - 10 * DAY), costUsd: 0.5 }));
  // No config file and no recorded endpoints: the database comes from DATABASE_URL alone.
  const home = mkdtempSync(path.join(os.tmpdir(), 'opentrade-llm-cli-'));
  env = { DATABASE_URL: db.url, OPENTRADE_HOME: home, OPENTRADE_CONFIG: path.join(home, 'none.json') };
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

it('prints totals and per role and model as JSON, for a session and a span back from now', async () => {
  const r = await runCliAsync(['llm', 'usage', '--session', 'cli-s1', '--since', '7d', '--json'], env);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const report = JSON.parse(r.stdout);
  expect(report.sessionId).toBe('cli-s1');
  // 7d back from when the CLI ran, which is after the seed and before this line.
  expect(Date.now() - report.sinceMs).toBeGreaterThanOrEqual(7 * DAY);
  expect(Date.now() - report.sinceMs).toBeLessThan(7 * DAY + 60_000);
  expect(report.totals).toEqual({
    calls: 4,
    cacheHits: 1,
    abstentions: 1,
    errors: 0,
    promptTokens: 3000,
    completionTokens: 700,
    costUsd: 0.3125,
  });
  expect(report.byRole.map((x: { role: string }) => x.role)).toEqual(['coordinator', 'market', 'risk']);
  expect(report.byModel.map((x: { model: string; costUsd: number }) => [x.model, x.costUsd])).toEqual([
    ['gpt-4o', 0.25],
    ['gpt-4o-mini', 0.0625],
  ]);
});

it('prints a table with money to four decimals, over every session when none is named', async () => {
  const r = await runCliAsync(['llm', 'usage'], env);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[0]).toBe('LLM usage (all sessions and backtests); cached answers cost nothing');
  expect(lines.find((l) => l.startsWith('total'))?.split(/\s+/)).toEqual([
    'total',
    '6',
    '1',
    '1',
    '0',
    '5,000',
    '1,100',
    '$1.8125',
  ]);
  expect(lines).toEqual(expect.arrayContaining(['by role', 'by model']));
  expect(lines.find((l) => l.startsWith('  coordinator'))).toMatch(/\$0\.2500$/);
  expect(lines.find((l) => l.startsWith('  risk'))).toMatch(/\$0\.0000$/);
  expect(lines.find((l) => l.startsWith('  gpt-4o-mini'))).toMatch(/\$1\.5625$/);
});

it('says so when nothing matches', async () => {
  const r = await runCliAsync(['llm', 'usage', '--session', 'nobody', '--since', '2026-01-01'], env);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('no LLM calls (session nobody · since 2026-01-01T00:00:00.000Z)\n');
});

it.each([
  [['--since', 'yesterday'], /--since "yesterday" is not a time — use a span back from now/],
  [['--since', '7y'], /--since "7y" is not a time/],
  [['--session', ' '], /--session needs a session id/],
  [['--sesion', 'x'], /unknown option '--sesion'/],
])('refuses %j with one clear line and exit 1', async (flags, message) => {
  const r = await runCliAsync(['llm', 'usage', ...flags], env);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});

it('exits 69 (unavailable) naming the database when PostgreSQL is down', async () => {
  const dead = await closedPort();
  const r = await runCliAsync(['llm', 'usage'], {
    ...env,
    DATABASE_URL: `postgresql://opentrade:hunter2-secret@127.0.0.1:${dead}/x`,
  });
  expect(r.code).toBe(69);
  expect(r.stderr).toMatch(/the database at .* is unreachable/);
  expect(r.stderr).not.toMatch(/hunter2-secret/);
});
