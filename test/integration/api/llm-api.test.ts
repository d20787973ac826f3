// The LLM routes against the integration stack's PostgreSQL: spend by role and model, a cycle's calls
// and one call's exact prompt and answer, as the dashboard reads them. Rows are seeded through the
// repository the worker records with, under ids of this test's own.
import { randomUUID } from 'node:crypto';
import { createLlmCallRepository, type LlmCallRow } from '../../../infra/adapters/db/repositories/llm-calls';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import { startDataGateway, type DataGateway } from './data-gateway-harness';

const DAY = 86_400_000;
const run = randomUUID().slice(0, 8);
const sessionId = `llm-api-${run}`;
const cycleId = `cycle-${sessionId}-1764763200000`;

let gw: DataGateway;
const rows: LlmCallRow[] = [];

function call(o: Partial<LlmCallRow>): LlmCallRow {
  return {
    id: `call-${randomUUID()}`,
    cycleId,
    sessionId,
    role: 'market',
    model: 'gpt-4o-mini',
    promptHash: randomUUID(),
    messages: [
      { role: 'system', content: 'You are the market analyst. Answer as JSON.' },
      { role: 'user', content: 'Decision time 2026-12-03T12:00:00Z\nclose: 64000\nrsi14: 71.2' },
    ],
    rawAnswer: '{"direction":0.3,"confidence":0.6,"reasoning":"RSI 71 is stretched.\\nTrend holds.","keyLevels":[]}',
    parsed: { direction: 0.3, confidence: 0.6, reasoning: 'RSI 71 is stretched.\nTrend holds.', keyLevels: [] },
    abstainReason: null,
    promptTokens: 800,
    completionTokens: 60,
    costUsd: 0.0625,
    latencyMs: 420,
    cacheHit: false,
    error: null,
    createdAt: new Date(),
    ...o,
  };
}

beforeAll(async () => {
  gw = await startDataGateway();
  const now = Date.now();
  rows.push(
    call({ createdAt: new Date(now - 3000) }),
    call({
      role: 'coordinator',
      model: 'gpt-4o',
      costUsd: 0.25,
      rawAnswer: 'I think BUY',
      parsed: null,
      abstainReason: 'malformed JSON',
      createdAt: new Date(now - 2000),
    }),
    call({ role: 'risk', model: 'gpt-4o', cacheHit: true, createdAt: new Date(now - 1000) }),
    call({ cycleId: `${cycleId}-old`, costUsd: 0.5, createdAt: new Date(now - 3 * DAY) }),
  );
  const repo = createLlmCallRepository(repositoryDb({ prisma: gw.data.prisma, sql: gw.data.sql }));
  for (const r of rows) await repo.record(r);
});
afterAll(async () => {
  await gw?.stop();
});

describe('GET /llm/usage', () => {
  it("sums a session's calls by role and model, cache hits free", async () => {
    const r = await gw.api('GET', `/llm/usage?sessionId=${sessionId}`);
    expect(r.status).toBe(200);
    expect(r.body.usage).toMatchObject({
      sessionId,
      sinceMs: null,
      totals: {
        calls: 4,
        cacheHits: 1,
        abstentions: 1,
        errors: 0,
        promptTokens: 2400,
        completionTokens: 180,
        costUsd: 0.8125,
      },
    });
    expect(r.body.usage.byRole.map((x: { role: string; costUsd: number }) => [x.role, x.costUsd])).toEqual([
      ['market', 0.5625],
      ['coordinator', 0.25],
      ['risk', 0],
    ]);
    expect(r.body.usage.byModel.map((x: { model: string; calls: number }) => [x.model, x.calls])).toEqual([
      ['gpt-4o-mini', 2],
      ['gpt-4o', 2],
    ]);
  });

  it('counts only calls since a span back from now or a time', async () => {
    const day = await gw.api('GET', `/llm/usage?sessionId=${sessionId}&since=1d`);
    expect(day.status).toBe(200);
    expect(day.body.usage.totals).toMatchObject({ calls: 3, costUsd: 0.3125 });
    expect(Date.now() - day.body.usage.sinceMs).toBeGreaterThanOrEqual(DAY);
    const iso = new Date(Date.now() - 10 * DAY).toISOString();
    const all = await gw.api('GET', `/llm/usage?sessionId=${sessionId}&since=${encodeURIComponent(iso)}`);
    expect(all.body.usage).toMatchObject({ sinceMs: Date.parse(iso), totals: { calls: 4 } });
  });

  it.each([
    ['since=yesterday', 'since'],
    ['since=7y', 'since'],
    ['sessionId=', 'sessionId'],
    ['limit=5', ''],
  ])('refuses ?%s with the field named', async (qs, field) => {
    const r = await gw.api('GET', `/llm/usage?${qs}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(field);
  });
});

describe('GET /llm/calls and /llm/calls/:id', () => {
  const SUMMARY_FIELDS = [
    'abstainReason',
    'attempt',
    'backtestRunId',
    'cacheHit',
    'completionTokens',
    'costUsd',
    'createdAt',
    'cycleId',
    'error',
    'id',
    'latencyMs',
    'model',
    'promptTokens',
    'reasoningFirstLine',
    'role',
    'sessionId',
  ];

  it("lists a cycle's calls in order, with the reasoning's first line and without prompts", async () => {
    const r = await gw.api('GET', `/llm/calls?cycleId=${encodeURIComponent(cycleId)}`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((c: { id: string }) => c.id)).toEqual(rows.slice(0, 3).map((c) => c.id));
    // Exactly the documented fields: no prompt, no answer, nothing else a row might hold.
    for (const c of r.body.items) expect(Object.keys(c).sort()).toEqual(SUMMARY_FIELDS);
    expect(r.body.items[0]).toMatchObject({
      role: 'market',
      model: 'gpt-4o-mini',
      promptTokens: 800,
      completionTokens: 60,
      costUsd: 0.0625,
      latencyMs: 420,
      cacheHit: false,
      reasoningFirstLine: 'RSI 71 is stretched.',
      createdAt: rows[0].createdAt!.toISOString(),
    });
    expect(r.body.items[1]).toMatchObject({
      role: 'coordinator',
      abstainReason: 'malformed JSON',
      reasoningFirstLine: null,
    });
    expect((await gw.api('GET', '/llm/calls?cycleId=no-such-cycle')).body).toEqual({ items: [] });
  });

  it('opens one call with the exact messages and raw answer', async () => {
    const r = await gw.api('GET', `/llm/calls/${rows[1].id}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.call).sort()).toEqual(
      [...SUMMARY_FIELDS, 'messages', 'parsed', 'promptHash', 'rawAnswer'].sort(),
    );
    expect(r.body.call).toMatchObject({
      id: rows[1].id,
      messages: rows[1].messages,
      rawAnswer: 'I think BUY',
      parsed: null,
      promptHash: rows[1].promptHash,
    });
    const ok = await gw.api('GET', `/llm/calls/${rows[0].id}`);
    expect(ok.body.call.parsed).toEqual(rows[0].parsed);
    expect(ok.body.call.rawAnswer).toBe(rows[0].rawAnswer);
  });

  it('answers 404 for an unknown call and 400 without a cycle', async () => {
    const missing = await gw.api('GET', '/llm/calls/no-such-call');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', message: 'no LLM call "no-such-call"' });
    const noCycle = await gw.api('GET', '/llm/calls');
    expect(noCycle.status).toBe(400);
    expect(noCycle.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['cycleId']);
  });

  it('documents closed objects: no answer schema lets an unnamed field through', async () => {
    const doc = (await gw.api('GET', '/openapi.json', undefined, { token: null })).body;
    const open: string[] = [];
    const walk = (s: unknown, at: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.type === 'object' && o.properties && o.additionalProperties !== false) open.push(at);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
    };
    for (const p of ['/api/v1/llm/usage', '/api/v1/llm/calls', '/api/v1/llm/calls/{id}']) {
      const schema = doc.paths[p]?.get?.responses?.['200']?.content?.['application/json']?.schema;
      expect({ p, documented: Boolean(schema) }).toEqual({ p, documented: true });
      walk(schema, p);
    }
    expect(open).toEqual([]);
  });
});
