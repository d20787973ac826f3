// The LLM key never leaves the process that reads it: a canary key set in the gateway's environment
// appears in no answer of the routes that touch the model setup (config, session start and status,
// spend), in success and in error.
import { startDataGateway, type DataGateway } from './data-gateway-harness';

const KEY_ENV = 'OT_TEST_CANARY_LLM_KEY';
const CANARY = 'sk-canary-gateway-9f8e7d6c5b4a';

let gw: DataGateway;

beforeAll(async () => {
  process.env[KEY_ENV] = CANARY;
  gw = await startDataGateway({
    config: {
      llm: {
        provider: 'custom',
        baseUrl: 'http://127.0.0.1:9/v1',
        apiKeyEnv: KEY_ENV,
        models: { quick: 'q', deep: 'd' },
      },
    },
  });
});
afterAll(async () => {
  await gw?.stop();
  delete process.env[KEY_ENV];
});

test('no route answers with the key: config, a session started with model agents, its status, spend, bad bodies', async () => {
  const answers: unknown[] = [];
  const keep = async (method: string, p: string, body?: unknown) => {
    const r = await gw.api(method, p, body);
    answers.push({ p, status: r.status, body: r.body });
    return r;
  };
  const config = await keep('GET', '/config');
  expect(config.status).toBe(200);
  // The config names the variable, never its value.
  expect(JSON.stringify(config.body)).toContain(KEY_ENV);
  const started = await keep('POST', '/sessions', {
    symbols: ['BTC/USDT'],
    strategy: 'ema-cross',
    agents: 'hybrid',
    maxCycles: 1,
  });
  expect(started.status).toBe(201);
  const id = started.body.sessionId ?? started.body.session?.id;
  expect(typeof id).toBe('string');
  const session = await keep('GET', `/sessions/${id}`);
  expect(session.body.session?.agents ?? session.body.agents).toMatchObject({ market: 'hybrid', risk: 'hybrid' });
  await keep('GET', `/llm/usage?sessionId=${id}`);
  await keep('POST', '/sessions', { symbols: ['BTC/USDT'], strategy: 'ema-cross', agents: 'genius' });
  await keep('POST', '/sessions', { symbols: ['BTC/USDT'], strategy: 'ema-cross', agents: { oracle: 'llm' } });
  await keep('POST', `/sessions/${id}/kill`, { confirm: true });
  const text = JSON.stringify(answers);
  expect(text).not.toContain(CANARY);
  // The bad bodies were refused, naming what was wrong.
  expect(text).toMatch(/agents/);
});
