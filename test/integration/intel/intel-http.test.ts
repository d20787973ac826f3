// The providers' one HTTP path against a local server: Retry-After, timeouts, malformed bodies,
// redacted keys and rate-limit spacing (on a virtual clock, so the spacing costs no real time).
import { createIntelHttp, type IntelHttpOptions } from '../../../infra/adapters/intel/intel-http';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';
import { startFearGreedServer, type FearGreedServer } from '../../fixtures/intel/fear-greed-server';

let server: FearGreedServer;
beforeAll(async () => {
  server = await startFearGreedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.clearFaults();
  server.clearRequests();
});

/** A clock that sleep() advances at once, recording each wait. */
function virtualClock(start = 1_000_000) {
  let t = start;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    waits,
  };
}

const http = (o: Partial<IntelHttpOptions> = {}) =>
  createIntelHttp({ provider: 'test', timeoutMs: 2000, requestsPerMinute: 600, ...o });

const fails = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('did not fail');
    },
    (e: unknown) => e as ProviderError,
  );

it('waits out a 429 with Retry-After: 1 and uses the second answer', async () => {
  server.setFault('/fng/', { status: 429, retryAfter: '1', times: 1 });
  const started = Date.now();
  const body = (await http().json(`${server.url}/fng/?limit=1&format=json`)) as { data: unknown[] };
  expect(body.data).toHaveLength(1);
  expect(server.fngRequests()).toHaveLength(2);
  // The real sleep waited the second the server asked for.
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
});

it('the same wait on the virtual clock: the retry is spaced by Retry-After', async () => {
  const clock = virtualClock();
  server.setFault('/fng/', { status: 429, retryAfter: '2', times: 1 });
  await http({ now: clock.now, sleep: clock.sleep }).json(`${server.url}/fng/`);
  expect(clock.waits).toEqual([2000]);
});

it('a long Retry-After fails as rate_limited with retryAfterMs, without waiting', async () => {
  const clock = virtualClock();
  server.setFault('/fng/', { status: 429, retryAfter: '120' });
  const e = await fails(http({ now: clock.now, sleep: clock.sleep }).json(`${server.url}/fng/`));
  expect(e).toBeInstanceOf(ProviderError);
  expect(e.kind).toBe('rate_limited');
  expect(e.details).toMatchObject({ status: 429, retryAfterMs: 120_000 });
  expect(e.message).toContain('retry after 120 s');
  expect(clock.waits).toEqual([]);
  expect(server.fngRequests()).toHaveLength(1);
});

it('a 429 that keeps coming gives up after maxRetries', async () => {
  const clock = virtualClock();
  server.setFault('/fng/', { status: 429, retryAfter: '1' });
  const e = await fails(http({ now: clock.now, sleep: clock.sleep, maxRetries: 2 }).json(`${server.url}/fng/`));
  expect(e.kind).toBe('rate_limited');
  expect(server.fngRequests()).toHaveLength(3);
});

it('a slow server fails as timeout within timeoutMs', async () => {
  server.setFault('/fng/', { delayMs: 5000 });
  const started = Date.now();
  const e = await fails(http({ timeoutMs: 300 }).json(`${server.url}/fng/`));
  const took = Date.now() - started;
  expect(e.kind).toBe('timeout');
  expect(e.message).toContain('within 300 ms');
  expect(took).toBeGreaterThanOrEqual(250);
  expect(took).toBeLessThan(2000);
});

it('a body that is not JSON is malformed; an HTTP error is http with its status', async () => {
  server.setFault('/fng/', { malformed: '<html>maintenance</html>', times: 1 });
  const bad = await fails(http().json(`${server.url}/fng/`));
  expect(bad.kind).toBe('malformed');
  expect(bad.message).toContain('not JSON');
  server.setFault('/fng/', { status: 502, times: 1 });
  const down = await fails(http().json(`${server.url}/fng/`));
  expect(down.kind).toBe('http');
  expect(down.details.status).toBe(502);
});

it('a connection dropped or refused is network', async () => {
  server.setFault('/fng/', { drop: true, times: 1 });
  expect((await fails(http().json(`${server.url}/fng/`))).kind).toBe('network');
  expect((await fails(http().json('http://127.0.0.1:1/fng/'))).kind).toBe('network');
});

describe('an api_key in the URL never appears in an error', () => {
  const KEY = 'sk-canary-7f3a9c2e11';
  const url = () => `${server.url}/fng/?limit=1&api_key=${KEY}`;
  // Every row has all three columns: jest hands a row shorter than the test's parameters a done
  // callback in the missing place, and the test then waits for it forever.
  const cases: [string, () => void, number][] = [
    ['http', () => server.setFault('/fng/', { status: 500, body: `no such series for /fng/?api_key=${KEY}` }), 2000],
    ['malformed', () => server.setFault('/fng/', { malformed: `error: bad api_key=${KEY}` }), 2000],
    ['rate_limited', () => server.setFault('/fng/', { status: 429, retryAfter: '999' }), 2000],
    ['timeout', () => server.setFault('/fng/', { delayMs: 3000 }), 200],
    ['network', () => server.setFault('/fng/', { drop: true }), 2000],
  ];
  it.each(cases)('%s', async (kind, arm, timeoutMs) => {
    arm();
    const e = await fails(http({ timeoutMs }).json(url()));
    expect(e.kind).toBe(kind);
    // Neither the message, nor its stack, nor the serialized error carries the key.
    expect(e.message).not.toContain(KEY);
    expect(String(e.stack)).not.toContain(KEY);
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain(KEY);
    expect(e.message).toContain('api_key=***');
  });
});

it('spaces requests by the rate limit, measured on the virtual clock', async () => {
  const clock = virtualClock();
  const h = http({ requestsPerMinute: 6, now: clock.now, sleep: clock.sleep });
  for (let i = 0; i < 3; i++) await h.json(`${server.url}/fng/`);
  // 6 a minute: the second and third wait 10 s each; the first goes at once.
  expect(clock.waits).toEqual([10_000, 10_000]);
  expect(server.fngRequests()).toHaveLength(3);
});

it('does not wait when the spacing has already passed', async () => {
  const clock = virtualClock();
  const h = http({ requestsPerMinute: 6, now: clock.now, sleep: clock.sleep });
  await h.json(`${server.url}/fng/`);
  await clock.sleep(15_000);
  clock.waits.length = 0;
  await h.json(`${server.url}/fng/`);
  expect(clock.waits).toEqual([]);
});
