// Every model call goes through the consultant: the cache first, then the model, then one audit row
// and the cache entry. With an in-memory store and model, each cache mode is checked for what it asks,
// what it records and what it costs.
import type { LlmCallOutcome, LlmCallRequest, LlmPort } from '../../../core/llm/llm-call';
import type { CachedAnswer, LlmCallRow, LlmSpent } from '../../../infra/adapters/db/repositories/llm-calls';
import { llmCacheKey } from '../../../infra/services/llm/llm-cache-key';
import {
  createModelConsultant,
  type ConsultContext,
  type LlmCallStore,
} from '../../../infra/services/llm/model-consultant';

const ANSWER = { direction: 0.4, confidence: 0.7, reasoning: 'EMA 20 above EMA 50', keyLevels: [] };

/** What the database would be: rows recorded, the answer cache, spend summed from the rows. */
function memoryStore() {
  const rows: LlmCallRow[] = [];
  const cache = new Map<string, { model: string; response: CachedAnswer }>();
  const store: LlmCallStore = {
    async record(r) {
      if (!rows.some((x) => x.id === r.id)) rows.push(r);
    },
    async cacheGet(key) {
      return cache.get(key) ?? null;
    },
    async cachePut(key, model, response) {
      if (!cache.has(key)) cache.set(key, { model, response });
    },
    async spent(): Promise<LlmSpent> {
      const paid = rows.filter((r) => !r.cacheHit);
      return {
        session: null,
        day: {
          tokens: paid.reduce((s, r) => s + r.promptTokens + r.completionTokens, 0),
          usd: paid.reduce((s, r) => s + r.costUsd, 0),
        },
      };
    },
  };
  return { store, rows, cache };
}

/** A model that answers ANSWER with fixed usage, or throws what it is told to. */
function memoryModel(fail?: Error) {
  const calls: LlmCallRequest[] = [];
  const llm: LlmPort = {
    async complete(req) {
      calls.push(req);
      if (fail) throw fail;
      const outcome: LlmCallOutcome = {
        ok: true,
        value: ANSWER,
        raw: JSON.stringify(ANSWER),
        usage: { promptTokens: 2_000, completionTokens: 500 },
        finishReason: 'stop',
        latencyMs: 640,
      };
      return outcome;
    },
  };
  return { llm, calls };
}

const request: LlmCallRequest = {
  role: 'market',
  model: 'priced-m',
  answer: 'analyst',
  temperature: 0,
  maxTokens: 512,
  messages: [
    { role: 'system', content: 'You are the technical market analyst.' },
    { role: 'user', content: '- last close: 159' },
  ],
};
// 2,000 in at 3 $/M = 0.006 $; 500 out at 12 $/M = 0.006 $: 0.012 $ a call.
const prices = { local: false, table: { 'priced-m': { inputPerMTok: 3, outputPerMTok: 12 } } };
const ctx = (callId: string, cache: ConsultContext['cache']): ConsultContext => ({
  callId,
  attempt: 1,
  cycleId: 'cycle-1',
  sessionId: 'session-1',
  cache,
});

function setup(fail?: Error) {
  const db = memoryStore();
  const model = memoryModel(fail);
  return { ...db, ...model, consultant: createModelConsultant({ llm: model.llm, calls: db.store, prices }) };
}

describe('createModelConsultant, readwrite', () => {
  it('asks the model on a miss, records one priced row and keeps the answer', async () => {
    const { consultant, rows, cache, calls } = setup();
    const { outcome, trace } = await consultant.consult(request, ctx('c1', 'readwrite'));
    expect(calls).toEqual([request]);
    expect(outcome.ok && outcome.value).toEqual(ANSWER);
    expect(trace).toEqual({
      callId: 'c1',
      model: 'priced-m',
      promptTokens: 2_000,
      completionTokens: 500,
      costUsd: 0.012,
      latencyMs: 640,
      cached: false,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: 'c1',
      cycleId: 'cycle-1',
      sessionId: 'session-1',
      backtestRunId: null,
      role: 'market',
      model: 'priced-m',
      promptHash: llmCacheKey(request),
      messages: request.messages,
      rawAnswer: JSON.stringify(ANSWER),
      parsed: ANSWER,
      abstainReason: null,
      costUsd: 0.012,
      cacheHit: false,
      error: null,
      attempt: 1,
    });
    expect(cache.get(llmCacheKey(request))).toMatchObject({ model: 'priced-m', response: { outcome } });
  });

  it('answers a second identical request from the cache: no model call, no cost, flagged cached', async () => {
    const { consultant, rows, calls, store } = setup();
    const first = await consultant.consult(request, ctx('c1', 'readwrite'));
    const again = await consultant.consult(
      { ...request, messages: request.messages.map((m) => ({ ...m })) },
      ctx('c2', 'readwrite'),
    );
    expect(calls).toHaveLength(1); // the second request was never sent
    expect(again.outcome).toEqual(first.outcome); // a replay gives the same answer
    expect(again.trace).toMatchObject({ callId: 'c2', costUsd: 0, latencyMs: 0, cached: true });
    expect(rows.map((r) => [r.id, r.cacheHit, r.costUsd])).toEqual([
      ['c1', false, 0.012],
      ['c2', true, 0],
    ]);
    expect((await store.spent({ sinceMs: 0 })).day.usd).toBe(0.012); // the hit spent nothing
  });

  it('misses when the request differs in what shapes the answer', async () => {
    const { consultant, calls } = setup();
    await consultant.consult(request, ctx('c1', 'readwrite'));
    await consultant.consult({ ...request, temperature: 0.7 }, ctx('c2', 'readwrite'));
    expect(calls).toHaveLength(2);
  });
});

describe('createModelConsultant, readonly', () => {
  it('abstains on a miss without calling the model or spending anything', async () => {
    const { consultant, rows, calls, cache } = setup();
    const { outcome, trace } = await consultant.consult(request, ctx('c1', 'readonly'));
    expect(calls).toHaveLength(0);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(/^not in the LLM cache/);
    expect(trace).toMatchObject({ costUsd: 0, promptTokens: 0, cached: false });
    expect(rows).toHaveLength(1); // the abstention is on the audit trail
    expect(rows[0]).toMatchObject({ abstainReason: expect.stringMatching(/not in the LLM cache/), parsed: null });
    expect(cache.size).toBe(0); // an abstention for lack of a cache entry is not itself cached
  });

  it('answers from an entry a readwrite run left', async () => {
    const { consultant, calls } = setup();
    await consultant.consult(request, ctx('c1', 'readwrite'));
    const replay = await consultant.consult(request, ctx('c2', 'readonly'));
    expect(calls).toHaveLength(1);
    expect(replay.outcome.ok).toBe(true);
    expect(replay.trace.cached).toBe(true);
  });
});

describe('createModelConsultant, off', () => {
  it('always asks the model and never stores the answer', async () => {
    const { consultant, calls, cache, rows } = setup();
    await consultant.consult(request, ctx('c1', 'off'));
    await consultant.consult(request, ctx('c2', 'off'));
    expect(calls).toHaveLength(2);
    expect(cache.size).toBe(0);
    expect(rows.map((r) => [r.cacheHit, r.costUsd])).toEqual([
      [false, 0.012],
      [false, 0.012],
    ]);
  });

  it('ignores an entry already in the cache', async () => {
    const { consultant, calls } = setup();
    await consultant.consult(request, ctx('c1', 'readwrite'));
    await consultant.consult(request, ctx('c2', 'off'));
    expect(calls).toHaveLength(2);
  });
});

describe('createModelConsultant, a failing call', () => {
  it('records the error and rethrows it for the retry policy, caching nothing', async () => {
    const boom = new Error('429 Too Many Requests');
    const { consultant, rows, cache } = setup(boom);
    await expect(consultant.consult(request, ctx('c1', 'readwrite'))).rejects.toBe(boom);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: 'c1',
      error: '429 Too Many Requests',
      rawAnswer: null,
      parsed: null,
      abstainReason: null,
      costUsd: 0,
      cacheHit: false,
    });
    expect(cache.size).toBe(0);
  });
});

describe('createModelConsultant, prices', () => {
  it('costs nothing on a local endpoint and nothing for an unpriced model', async () => {
    for (const p of [
      { local: true, table: prices.table },
      { local: false, table: {} },
    ]) {
      const db = memoryStore();
      const consultant = createModelConsultant({ llm: memoryModel().llm, calls: db.store, prices: p });
      const { trace } = await consultant.consult(request, ctx('c1', 'off'));
      expect(trace.costUsd).toBe(0);
      expect(trace.promptTokens).toBe(2_000); // the tokens are still counted
    }
  });
});
