// The LLM client through the real openai SDK against the local OpenAI-compatible fixture: every
// answer and fault maps to the outcome or LlmCallError the activities' retry policy relies on.
import { LlmConfigSchema, type LlmConfig } from '../../../core/config/llm-config-schema';
import type { AnswerKind, LlmCallOutcome, LlmCallRequest } from '../../../core/llm/llm-call';
import { freePort } from '../../../infra/stack/net';
import { createLlmClient, type LlmClient } from '../../../infra/adapters/llm/llm-client';
import { LlmCallError } from '../../../infra/adapters/llm/llm-call-error';
import { startOpenAiServer, type OpenAiServer } from '../../fixtures/openai-server/server';

const CANARY = 'sk-canary-5f1e9c2a7b3d4e6f8091';
const KEY_ENV = 'OT_TEST_LLM_KEY';
const GOOD = { direction: 0.4, confidence: 0.7, reasoning: 'EMA 20 above EMA 50, RSI 14 at 61', keyLevels: [100, 95] };

let server: OpenAiServer;
/** Everything the client handed back or threw, checked for the key at the end. */
const seen: unknown[] = [];

beforeAll(async () => {
  server = await startOpenAiServer({ models: ['quick-m', 'deep-m'] });
});
afterAll(() => server.close());
beforeEach(() => server.setRules([]));

function config(over: Partial<LlmConfig> = {}): LlmConfig {
  const base = LlmConfigSchema.parse({
    provider: 'custom',
    baseUrl: server.url,
    structuredOutput: 'json_schema',
    apiKeyEnv: KEY_ENV,
    models: { quick: 'quick-m', deep: 'deep-m' },
  });
  // Below the schema's 1 s floor, so the timeout case stays quick.
  return { ...base, timeoutMs: 400, ...over };
}

const clientFor = (over: Partial<LlmConfig> = {}, env: NodeJS.ProcessEnv = { [KEY_ENV]: CANARY }) =>
  createLlmClient(config(over), env);

function request(tag: string, answer: AnswerKind = 'analyst'): LlmCallRequest {
  return {
    role: answer === 'analyst' ? 'market' : 'coordinator',
    model: answer === 'analyst' ? 'quick-m' : 'deep-m',
    answer,
    temperature: 0,
    maxTokens: 256,
    messages: [
      { role: 'system', content: 'You are a test analyst.' },
      { role: 'user', content: `case ${tag}: the numbers` },
    ],
  };
}

async function complete(client: LlmClient, req: LlmCallRequest): Promise<LlmCallOutcome> {
  const outcome = await client.complete(req);
  seen.push(outcome);
  return outcome;
}

async function failure(client: LlmClient, req: LlmCallRequest): Promise<LlmCallError> {
  try {
    seen.push(await client.complete(req));
  } catch (e) {
    seen.push(e);
    if (e instanceof LlmCallError) return e;
    throw new Error(`expected an LlmCallError, got ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
  }
  throw new Error('expected the call to throw');
}

const lastChat = () => server.chatRequests().at(-1)!;

describe('LLM client answers (json_schema mode)', () => {
  it('returns the schema-valid value with usage, latency and the request OpenAI expects', async () => {
    server.setRules([{ match: 'case ok', reply: { json: GOOD } }]);
    const outcome = await complete(clientFor(), request('ok'));
    const sent = lastChat();
    expect(outcome).toMatchObject({ ok: true, value: GOOD, finishReason: 'stop', raw: JSON.stringify(GOOD) });
    // The fixture counts ceil(chars / 4) of the prompt and of the answer.
    expect(outcome.usage).toEqual({
      promptTokens: Math.ceil(sent.prompt.length / 4),
      completionTokens: Math.ceil(JSON.stringify(GOOD).length / 4),
    });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(sent.authorization).toBe(`Bearer ${CANARY}`); // the key goes in the header, and only there
    expect(sent.body).toMatchObject({ model: 'quick-m', temperature: 0, max_tokens: 256 });
    expect(sent.body).not.toHaveProperty('max_completion_tokens');
    expect(sent.responseFormat).toMatchObject({ type: 'json_schema', json_schema: { name: 'analyst', strict: true } });
    expect(sent.responseFormat?.json_schema?.schema).toMatchObject({
      required: ['direction', 'confidence', 'reasoning', 'keyLevels'],
      additionalProperties: false,
    });
  });

  it.each<AnswerKind>(['analyst', 'coordinator', 'risk_review', 'debate'])(
    "sends a %s schema OpenAI's strict mode accepts and reads a valid answer to it",
    async (kind) => {
      server.setRules([{ match: `case strict-${kind}`, reply: { auto: true } }]);
      const outcome = await complete(clientFor(), request(`strict-${kind}`, kind));
      // The fixture refuses, as OpenAI does, a strict schema with an open object or an optional field.
      expect({ kind, ok: outcome.ok, reason: outcome.ok ? undefined : outcome.reason }).toEqual({
        kind,
        ok: true,
        reason: undefined,
      });
    },
  );

  it('sends max_completion_tokens to OpenAI itself, whose reasoning models refuse max_tokens', async () => {
    server.setRules([{ match: 'case openai', reply: { json: GOOD } }]);
    const client = createLlmClient(config({ provider: 'openai', apiKeyEnv: undefined }), { OPENAI_API_KEY: CANARY });
    expect((await complete(client, request('openai'))).ok).toBe(true);
    expect(lastChat().body).toMatchObject({ max_completion_tokens: 256 });
    expect(lastChat().body).not.toHaveProperty('max_tokens');
  });
});

describe('LLM client answers (json_object mode)', () => {
  const jsonMode = () => clientFor({ structuredOutput: 'json_object' });

  it('asks for a JSON object and tells the model the schema in its system message', async () => {
    server.setRules([{ match: 'case plain', reply: { json: GOOD } }]);
    expect(await complete(jsonMode(), request('plain'))).toMatchObject({ ok: true, value: GOOD });
    const sent = lastChat();
    expect(sent.responseFormat).toEqual({ type: 'json_object' });
    const messages = sent.body!.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']); // one system message, first
    expect(messages[0].content).toMatch(/^You are a test analyst\.[\s\S]*JSON Schema: \{.*"keyLevels"/);
  });

  it.each([
    ['fenced', `Here is my analysis:\n\`\`\`json\n${JSON.stringify(GOOD, null, 2)}\n\`\`\`\nHope it helps.`],
    ['prose', `Sure. ${JSON.stringify(GOOD)} That is {my view}.`],
    ['prose-before-braces', `Reading {the data} carefully: ${JSON.stringify(GOOD)}`],
  ])('extracts the answer from %s text', async (tag, text) => {
    server.setRules([{ match: `case ${tag}`, reply: { text } }]);
    const outcome = await complete(jsonMode(), request(tag));
    expect({ tag, outcome }).toMatchObject({ tag, outcome: { ok: true, value: GOOD, raw: text } });
  });
});

describe('LLM client abstentions: the answer came but is not usable', () => {
  const cases: [string, object, AnswerKind, RegExp][] = [
    ['malformed', { fault: 'malformed' }, 'analyst', /malformed JSON: an object is never closed/],
    ['out-of-range', { json: { ...GOOD, direction: 3 } }, 'analyst', /violates the analyst schema: direction: .*<=1/],
    ['missing-field', { json: { direction: 0.1, confidence: 0.2 } }, 'analyst', /reasoning: .*expected string/],
    [
      'invented-action',
      { json: { action: 'STRONG_BUY', confidence: 0.9, reasoning: 'moon' } },
      'coordinator',
      /action: /,
    ],
    ['array', { json: [GOOD] }, 'analyst', /JSON but not an object \(an array\)/],
    ['refusal', { fault: 'refusal' }, 'analyst', /^the model refused: I'm sorry/],
    [
      'length',
      { fault: 'length', text: JSON.stringify(GOOD) },
      'analyst',
      /cut off at the token limit \(maxTokens 256\)/,
    ],
    ['content-filter', { fault: 'content_filter' }, 'analyst', /content filter/],
    ['empty', { text: '  ' }, 'analyst', /empty answer/],
  ];

  it.each(cases)('%s → not ok, naming what was wrong', async (tag, reply, kind, reason) => {
    server.setRules([{ match: `case ${tag}`, reply: reply as never }]);
    for (const mode of ['json_schema', 'json_object'] as const) {
      const outcome = await complete(clientFor({ structuredOutput: mode }), request(tag, kind));
      if (outcome.ok) throw new Error(`${tag} in ${mode} mode was accepted: ${JSON.stringify(outcome.value)}`);
      expect({ tag, mode, reason: outcome.reason }).toEqual({ tag, mode, reason: expect.stringMatching(reason) });
      expect(outcome.usage.promptTokens).toBeGreaterThan(0); // tokens were spent even on a useless answer
    }
  });

  it('keeps the raw text and usage of a truncated answer for the audit trail and the budget', async () => {
    const full = JSON.stringify(GOOD);
    server.setRules([{ match: 'case cut', reply: { fault: 'length', text: full } }]);
    const outcome = await complete(clientFor(), request('cut'));
    expect(outcome).toMatchObject({
      ok: false,
      finishReason: 'length',
      raw: full.slice(0, Math.ceil(full.length / 2)),
    });
    expect(outcome.usage.completionTokens).toBe(Math.ceil(Math.ceil(full.length / 2) / 4));
  });
});

describe('LLM client transport failures: thrown for the retry policy', () => {
  it.each([
    ['429 with Retry-After in seconds', { status: 429, retryAfterS: 7 }, 'rate_limited', true, 7000],
    ['429 with retry-after-ms', { status: 429, retryAfterMs: 1500 }, 'rate_limited', true, 1500],
    ['500', { status: 500 }, 'server', true, undefined],
    ['503 with Retry-After', { status: 503, retryAfterS: 2 }, 'server', true, 2000],
    ['400', { status: 400, message: 'bad request' }, 'rejected', false, undefined],
    ['401', { status: 401 }, 'auth', false, undefined],
    ['403', { status: 403 }, 'auth', false, undefined],
    ['422', { status: 422 }, 'rejected', false, undefined],
  ] as const)('%s → %s, retryable %s', async (tag, reply, kind, retryable, wait) => {
    server.setRules([{ match: `case ${tag}`, reply }]);
    const before = server.chatRequests().length;
    const error = await failure(clientFor(), request(tag));
    expect({
      kind: error.kind,
      retryable: error.retryable,
      status: error.status,
      retryAfterMs: error.retryAfterMs,
    }).toEqual({
      kind,
      retryable,
      status: reply.status,
      retryAfterMs: wait,
    });
    expect(error.message).toContain('market call to quick-m');
    // Temporal retries; the SDK must not retry underneath it.
    expect(server.chatRequests().length - before).toBe(1);
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    server.setRules([{ match: 'case date', reply: { status: 429, retryAfterDate: at } }]);
    const error = await failure(clientFor(), request('date'));
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('an unknown model is not_found and not retryable', async () => {
    const error = await failure(clientFor(), { ...request('x'), model: 'no-such-model' });
    expect(error).toMatchObject({ kind: 'not_found', retryable: false, status: 404 });
    expect(error.message).toContain('no-such-model');
  });

  it('an answer slower than timeoutMs is a retryable timeout, given up on in time', async () => {
    server.setRules([{ match: 'case slow', reply: { delayMs: 3000, then: { json: GOOD } } }]);
    const started = Date.now();
    const error = await failure(clientFor(), request('slow'));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(2000); // timeoutMs 400, not the server's 3 s
  });

  it('a dropped connection is a retryable connection error', async () => {
    server.setRules([{ match: 'case drop', reply: { fault: 'drop' } }]);
    expect(await failure(clientFor(), request('drop'))).toMatchObject({ kind: 'connection', retryable: true });
  });

  it('a refused connection is a retryable connection error', async () => {
    const closed = await freePort();
    const client = clientFor({ baseUrl: `http://127.0.0.1:${closed}/v1` });
    expect(await failure(client, request('refused'))).toMatchObject({ kind: 'connection', retryable: true });
  });

  it('fails the first times and answers afterwards: each attempt is one request, decided by the caller', async () => {
    server.setRules([
      { match: 'case flaky', reply: { status: 500 }, times: 2 },
      { match: 'case flaky', reply: { json: GOOD } },
    ]);
    const client = clientFor();
    expect((await failure(client, request('flaky'))).kind).toBe('server');
    expect((await failure(client, request('flaky'))).kind).toBe('server');
    expect(await complete(client, request('flaky'))).toMatchObject({ ok: true, value: GOOD });
  });

  it("a caller's abort is passed through, not turned into a retryable failure", async () => {
    server.setRules([{ match: 'case abort', reply: { delayMs: 3000 } }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await clientFor({ timeoutMs: 5000 })
      .complete(request('abort'), { signal: controller.signal })
      .catch((e) => e);
    seen.push(error);
    expect(error).not.toBeInstanceOf(LlmCallError);
    expect(error.constructor.name).toBe('APIUserAbortError');
  });
});

describe('LLM client and the API key', () => {
  it('builds without the key, and names the missing env var at the first call without sending anything', async () => {
    const client = createLlmClient(config(), {});
    const before = server.requests.length;
    const error = await failure(client, request('nokey'));
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toContain(KEY_ENV);
    expect(server.requests.length).toBe(before);
  });

  it('a local endpoint that needs no key gets a placeholder, never another key from the environment', async () => {
    server.setRules([{ match: 'case local', reply: { json: GOOD } }]);
    const client = createLlmClient(config({ provider: 'ollama', apiKeyEnv: undefined }), {
      OPENAI_API_KEY: CANARY,
      [KEY_ENV]: CANARY,
    });
    expect((await complete(client, request('local'))).ok).toBe(true);
    expect(lastChat().authorization).toMatch(/^Bearer \S+$/);
    expect(lastChat().authorization).not.toContain(CANARY);
  });

  it("sends OpenAI's organization, project and admin key from the environment to no other endpoint", async () => {
    server.setRules([{ match: 'case org', reply: { json: GOOD } }]);
    const saved = { ...process.env };
    Object.assign(process.env, {
      OPENAI_ORG_ID: 'org-leak',
      OPENAI_PROJECT_ID: 'proj-leak',
      OPENAI_ADMIN_KEY: 'sk-admin-leak',
    });
    try {
      expect((await complete(clientFor(), request('org'))).ok).toBe(true);
    } finally {
      for (const k of ['OPENAI_ORG_ID', 'OPENAI_PROJECT_ID', 'OPENAI_ADMIN_KEY'])
        if (!(k in saved)) delete process.env[k];
    }
    const headers = JSON.stringify(lastChat().headers);
    expect(headers).not.toMatch(/org-leak|proj-leak|sk-admin-leak/);
    expect(lastChat().authorization).toBe(`Bearer ${CANARY}`);
  });

  it('scrubs the key from an error even when the server echoes it', async () => {
    server.setRules([
      { match: 'case echo', reply: { status: 401, message: `Incorrect API key provided: ${CANARY}.` } },
    ]);
    const error = await failure(clientFor(), request('echo'));
    expect(error.message).toContain('Incorrect API key provided: [redacted]');
    expect(error.message).not.toContain(CANARY);
  });

  it('a wrong key is an auth error from a server that checks it', async () => {
    const strict = await startOpenAiServer({
      apiKey: 'the-right-key',
      rules: [{ match: 'case', reply: { json: GOOD } }],
    });
    try {
      const client = clientFor({ baseUrl: strict.url });
      expect(await failure(client, request('wrong'))).toMatchObject({ kind: 'auth', status: 401, retryable: false });
      const right = createLlmClient(config({ baseUrl: strict.url }), { [KEY_ENV]: 'the-right-key' });
      expect((await complete(right, request('right'))).ok).toBe(true);
    } finally {
      await strict.close();
    }
  });
});

describe('LLM client endpoint info', () => {
  it('lists the endpoint models and knows every configured model once', async () => {
    const client = clientFor({ roleModels: { coordinator: 'deep-m', risk: 'risk-m' } });
    expect(await client.listModels()).toEqual(['quick-m', 'deep-m']);
    expect(client.models).toEqual(['quick-m', 'deep-m', 'risk-m']);
    expect(client.endpoint).toMatchObject({ provider: 'custom', baseUrl: server.url, apiKeyEnv: KEY_ENV });
    expect(server.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/v1/models',
      authorization: `Bearer ${CANARY}`,
    });
  });
});

describe('LLM client long waits', () => {
  it("a timeout beyond Node fetch's 5-minute header limit goes through its own dispatcher and still answers", async () => {
    server.setRules([{ match: 'case patient', reply: { json: GOOD } }]);
    expect(await complete(clientFor({ timeoutMs: 600_000 }), request('patient'))).toMatchObject({
      ok: true,
      value: GOOD,
    });
  });
});

// Last, over everything the cases above got back or caught.
it('no outcome or error of any case carries the API key', () => {
  expect(seen.length).toBeGreaterThan(40);
  const text = seen.map((x) => (x instanceof Error ? `${x.name} ${x.message} ${String(x.cause)}` : JSON.stringify(x)));
  expect(text.filter((t) => t.includes(CANARY))).toEqual([]);
});
