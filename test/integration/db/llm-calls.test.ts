// The LlmCall audit trail and the answer cache on a real PostgreSQL, through both SQL paths the
// repositories run on (a pg pool in the worker, Prisma's raw queries where only a client is wired).
// A fresh database: the day sums cover every call since a time, so no other test's rows may count.
import { randomUUID } from 'node:crypto';
import {
  createPrisma,
  migrateDeploy,
  sqlFromPool,
  sqlFromPrisma,
  type PrismaClient,
  type Sql,
} from '../../../infra/adapters/db';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import {
  createLlmCallRepository,
  type CachedAnswer,
  type LlmCallRepository,
  type LlmCallRow,
} from '../../../infra/adapters/db/repositories/llm-calls';
import { createFreshDatabase, type FreshDatabase } from './fresh-database';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 3, 12);
const DAY_START = Date.UTC(2026, 11, 3);

function call(o: Partial<LlmCallRow> = {}): LlmCallRow {
  return {
    id: randomUUID(),
    cycleId: null,
    sessionId: null,
    backtestRunId: null,
    role: 'market',
    model: 'gpt-4o-mini',
    promptHash: `h-${randomUUID()}`,
    messages: [
      { role: 'system', content: 'You are the market analyst.' },
      { role: 'user', content: 'close 64000 at 2026-12-03T12:00Z' },
    ],
    rawAnswer: '{"direction":0.4,"confidence":0.7,"reasoning":"up","keyLevels":[]}',
    parsed: { direction: 0.4, confidence: 0.7, reasoning: 'up', keyLevels: [] },
    abstainReason: null,
    promptTokens: 100,
    completionTokens: 20,
    costUsd: 0.001,
    latencyMs: 350,
    cacheHit: false,
    error: null,
    createdAt: new Date(NOW),
    ...o,
  };
}

/** Counts the statements a repository sends. */
function counting(sql: Sql): Sql & { statements: number } {
  const c = {
    statements: 0,
    query: (text: string, values?: unknown[]) => {
      c.statements++;
      return sql.query(text, values);
    },
    rows: (q: Parameters<Sql['rows']>[0]) => {
      c.statements++;
      return sql.rows(q);
    },
    close: () => sql.close(),
  };
  return c as Sql & { statements: number };
}

let db: FreshDatabase;
let prisma: PrismaClient;
let pool: Sql;
beforeAll(async () => {
  db = await createFreshDatabase('ot_llm_calls');
  await migrateDeploy(db.url);
  prisma = createPrisma(db.url);
  pool = sqlFromPool(db.url);
});
afterAll(async () => {
  await pool?.close();
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.$executeRawUnsafe('TRUNCATE llm_calls, llm_cache_entries');
});

describe.each([
  ['a pg pool', () => pool],
  ["Prisma's raw queries", () => sqlFromPrisma(prisma)],
])('the llm call repository over %s', (_path, sqlOf) => {
  let sql: ReturnType<typeof counting>;
  let repo: LlmCallRepository;
  beforeEach(() => {
    sql = counting(sqlOf());
    repo = createLlmCallRepository(repositoryDb({ prisma, sql }));
  });

  it('records a call once: a retried record with the same id changes nothing', async () => {
    const first = call({ cycleId: 'cycle-s-1', sessionId: 's' });
    await repo.record(first);
    await repo.record({ ...first, costUsd: 99, rawAnswer: 'different' });
    const rows = await prisma.llmCall.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.id, costUsd: 0.001, rawAnswer: first.rawAnswer, attempt: 1 });
    expect(rows[0].createdAt.getTime()).toBe(NOW);
  });

  it('keeps the first answer cached under a key and reads it back exactly', async () => {
    const answer: CachedAnswer = {
      outcome: {
        ok: true,
        value: { action: 'BUY', confidence: 0.6, reasoning: 'trend' },
        raw: '{"action":"BUY"}',
        usage: { promptTokens: 10, completionTokens: 5 },
        finishReason: 'stop',
        latencyMs: 12,
      },
    };
    expect(await repo.cacheGet('k1')).toBeNull();
    await repo.cachePut('k1', 'gpt-4o', answer);
    await repo.cachePut('k1', 'other', { outcome: { ...answer.outcome, raw: 'later' } as CachedAnswer['outcome'] });
    // A replay must see what the first run saw, not what a later run wrote.
    expect(await repo.cacheGet('k1')).toEqual({ model: 'gpt-4o', response: answer });
  });

  it("sums a session's whole life and the day's calls in one statement, cache hits free", async () => {
    await repo.record(call({ sessionId: 'a', createdAt: new Date(DAY_START - 48 * HOUR), costUsd: 0.5 }));
    await repo.record(call({ sessionId: 'a', costUsd: 0.25 }));
    await repo.record(call({ sessionId: 'a', cacheHit: true, costUsd: 7, promptTokens: 999 }));
    await repo.record(call({ sessionId: 'b', costUsd: 0.125, promptTokens: 1000, completionTokens: 0 }));
    await repo.record(call({ backtestRunId: 'bt-1', costUsd: 0.0625, createdAt: new Date(DAY_START + HOUR) }));
    await repo.record(call({ sessionId: 'b', createdAt: new Date(DAY_START - 1), costUsd: 3 }));

    sql.statements = 0;
    const spent = await repo.spent({ sessionId: 'a', sinceMs: DAY_START });
    expect(sql.statements).toBe(1);
    expect(spent).toEqual({
      session: { tokens: 240, usd: 0.75 },
      day: { tokens: 120 + 1000 + 120, usd: 0.25 + 0.125 + 0.0625 },
    });
    expect(await repo.spent({ sinceMs: DAY_START })).toEqual({ session: null, day: spent.day });
    expect(await repo.spent({ sessionId: 'nobody', sinceMs: NOW + HOUR })).toEqual({
      session: { tokens: 0, usd: 0 },
      day: { tokens: 0, usd: 0 },
    });
  });

  it('reports usage in total, by role and by model, filtered by session and time', async () => {
    // Costs in binary fractions, so the sums are exact.
    await repo.record(call({ sessionId: 'a', role: 'market', model: 'quick', costUsd: 0.0625 }));
    await repo.record(call({ sessionId: 'a', role: 'market', model: 'quick', cacheHit: true, costUsd: 0.0625 }));
    await repo.record(
      call({ sessionId: 'a', role: 'coordinator', model: 'deep', costUsd: 0.125, completionTokens: 50 }),
    );
    await repo.record(
      call({ sessionId: 'a', role: 'risk', model: 'deep', costUsd: 0, parsed: null, abstainReason: 'length finish' }),
    );
    await repo.record(
      call({ sessionId: 'a', role: 'sentiment', model: 'quick', costUsd: 0, error: '500 after 4 attempts' }),
    );
    await repo.record(call({ sessionId: 'b', role: 'market', model: 'quick', costUsd: 5 }));
    await repo.record(
      call({ sessionId: 'a', role: 'market', model: 'quick', costUsd: 0.5, createdAt: new Date(NOW - 48 * HOUR) }),
    );

    sql.statements = 0;
    const r = await repo.usage({ sessionId: 'a', sinceMs: NOW - HOUR, untilMs: NOW + HOUR });
    expect(sql.statements).toBe(1);
    expect(r).toMatchObject({ sessionId: 'a', sinceMs: NOW - HOUR, untilMs: NOW + HOUR });
    expect(r.totals).toEqual({
      calls: 5,
      cacheHits: 1,
      abstentions: 1,
      errors: 1,
      promptTokens: 400,
      completionTokens: 20 + 50 + 20 + 20,
      costUsd: 0.1875,
    });
    expect(r.byRole.map((x) => [x.role, x.calls, x.costUsd])).toEqual([
      ['coordinator', 1, 0.125],
      ['market', 2, 0.0625],
      ['risk', 1, 0],
      ['sentiment', 1, 0],
    ]);
    expect(r.byModel).toEqual([
      expect.objectContaining({ model: 'deep', calls: 2, costUsd: 0.125, abstentions: 1 }),
      expect.objectContaining({ model: 'quick', calls: 3, cacheHits: 1, errors: 1, promptTokens: 200 }),
    ]);

    const all = await repo.usage();
    expect(all.totals.calls).toBe(7);
    expect(all.totals.costUsd).toBe(0.1875 + 5 + 0.5);
    expect(await repo.usage({ sessionId: 'nobody' })).toMatchObject({
      totals: { calls: 0, costUsd: 0, promptTokens: 0 },
      byRole: [],
      byModel: [],
    });
  });

  it("lists a cycle's calls without prompts, and opens one with the exact messages and raw answer", async () => {
    const analyst = call({
      cycleId: 'cycle-x-1',
      parsed: {
        direction: -0.5,
        confidence: 0.8,
        reasoning: '\n  RSI 78 is overbought.  \r\nSecond line.',
        keyLevels: [],
      },
      createdAt: new Date(NOW),
    });
    const bull = call({
      cycleId: 'cycle-x-1',
      role: 'bull',
      parsed: { argument: 'Momentum holds.', conviction: 0.6 },
      createdAt: new Date(NOW + 1),
    });
    const abstained = call({
      cycleId: 'cycle-x-1',
      role: 'coordinator',
      model: 'deep',
      rawAnswer: 'not json',
      parsed: null,
      abstainReason: 'malformed JSON',
      createdAt: new Date(NOW + 2),
    });
    await repo.record(abstained);
    await repo.record(analyst);
    await repo.record(bull);
    await repo.record(call({ cycleId: 'cycle-x-2' }));

    const list = await repo.listByCycle('cycle-x-1');
    expect(list.map((c) => [c.id, c.role, c.reasoningFirstLine, c.abstainReason])).toEqual([
      [analyst.id, 'market', 'RSI 78 is overbought.', null],
      [bull.id, 'bull', 'Momentum holds.', null],
      [abstained.id, 'coordinator', null, 'malformed JSON'],
    ]);
    // The list is what the page shows for every call; prompts are opened one at a time.
    expect(Object.keys(list[0])).not.toContain('messages');
    expect(Object.keys(list[0])).not.toContain('rawAnswer');
    expect(list[0]).toMatchObject({
      promptTokens: 100,
      completionTokens: 20,
      costUsd: 0.001,
      latencyMs: 350,
      cacheHit: false,
    });
    expect(list[0].createdAt).toEqual(new Date(NOW));

    const detail = await repo.get(abstained.id);
    expect(detail).toMatchObject({
      id: abstained.id,
      cycleId: 'cycle-x-1',
      promptHash: abstained.promptHash,
      messages: abstained.messages,
      rawAnswer: 'not json',
      parsed: null,
      abstainReason: 'malformed JSON',
      attempt: 1,
    });
    expect((await repo.get(analyst.id))?.parsed).toEqual(analyst.parsed);
    expect(await repo.get('no-such-call')).toBeNull();
    expect(await repo.listByCycle('no-such-cycle')).toEqual([]);
  });
});
