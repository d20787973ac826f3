// The mempool provider's real HTTP path against a local mempool.space speaking its real formats.
import { createMempoolProvider } from '../../../infra/adapters/intel/mempool-space';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';
import { startMempoolServer, type MempoolServer } from '../../fixtures/intel/mempool-server';

const NOW = Date.UTC(2024, 11, 4, 10, 17, 42);
const MINUTE = Date.UTC(2024, 11, 4, 10, 17);

let server: MempoolServer;
let sleeps: number[];
const provider = (timeoutMs = 2000) =>
  createMempoolProvider({ baseUrl: server.url, timeoutMs, sleep: async (ms) => void sleeps.push(ms) });

beforeEach(async () => {
  server = await startMempoolServer({ seed: 7 });
  sleeps = [];
});
afterEach(() => server.close());

const valueOf = (r: { observations: { seriesId: string; value: number }[] }, id: string) =>
  r.observations.find((o) => o.seriesId === id)?.value;

test('latest: every series from the three endpoints, at the fetch minute', async () => {
  server.set({ fees: { fastestFee: 12, halfHourFee: 10, hourFee: 8, economyFee: 4, minimumFee: 2 } });
  server.set({
    mempool: { count: 12345, vsize: 3456789, total_fee: 123456, fee_histogram: [[10, 1000]] },
    height: '873210',
  });
  const r = await provider().latest(NOW);
  expect(r.skipped).toEqual([]);
  expect(Object.fromEntries(r.observations.map((o) => [o.seriesId, o.value]))).toEqual({
    'mempool.fee_fastest': 12,
    'mempool.fee_hour': 8,
    'mempool.vsize': 3.456789,
    'mempool.tx_count': 12345,
    'mempool.block_height': 873210,
  });
  // Instant readings: observed and known at the fetch minute.
  expect(new Set(r.observations.flatMap((o) => [o.observedAt, o.knownAt]))).toEqual(new Set([MINUTE]));
  expect(server.requests().map((q) => q.path)).toEqual([
    '/api/v1/fees/recommended',
    '/api/mempool',
    '/api/blocks/tip/height',
  ]);
});

test('seeded data differs by seed and is reproduced by the same seed', async () => {
  const a = await provider().latest(NOW);
  const other = await startMempoolServer({ seed: 8 });
  const same = await startMempoolServer({ seed: 7 });
  try {
    const b = await createMempoolProvider({ baseUrl: other.url, timeoutMs: 2000, sleep: async () => {} }).latest(NOW);
    const c = await createMempoolProvider({ baseUrl: same.url, timeoutMs: 2000, sleep: async () => {} }).latest(NOW);
    expect(c.observations).toEqual(a.observations);
    expect(b.observations).not.toEqual(a.observations);
  } finally {
    await other.close();
    await same.close();
  }
});

test('history: no past readings; the latest when now is in the range, else nothing', async () => {
  const p = provider();
  expect(p.capabilities.history).toBe(false);
  const inRange = await p.history({ from: NOW - 3600_000, to: NOW + 1 }, NOW);
  expect(inRange.observations).toHaveLength(5);
  const before = server.requests().length;
  const past = await p.history({ from: NOW - 7200_000, to: NOW - 3600_000 }, NOW);
  expect(past.observations).toEqual([]);
  // A past range asks the server nothing.
  expect(server.requests()).toHaveLength(before);
});

test('a non-number is skipped with its reason, the rest kept', async () => {
  server.set({ fees: { fastestFee: 'high', hourFee: 8 }, height: 'not-a-height' });
  const r = await provider().latest(NOW);
  expect(valueOf(r, 'mempool.fee_fastest')).toBeUndefined();
  expect(valueOf(r, 'mempool.fee_hour')).toBe(8);
  expect(valueOf(r, 'mempool.block_height')).toBeUndefined();
  expect(r.skipped.map((s) => s.what)).toEqual([
    'mempool.fee_fastest (fastestFee)',
    'mempool.block_height (/api/blocks/tip/height)',
  ]);
});

test('one endpoint answering 500 loses only its series; all failing is a ProviderError', async () => {
  server.setFault('/api/mempool', { kind: 'status', status: 500 });
  const r = await provider().latest(NOW);
  expect(r.observations.map((o) => o.seriesId).sort()).toEqual([
    'mempool.block_height',
    'mempool.fee_fastest',
    'mempool.fee_hour',
  ]);
  expect(r.skipped).toEqual([{ what: 'mempool /api/mempool', reason: expect.stringMatching(/^http: .*HTTP 500/) }]);

  server.setFault('/api/v1/fees/recommended', { kind: 'status', status: 500 });
  server.setFault('/api/blocks/tip/height', { kind: 'status', status: 500 });
  const err = await provider()
    .latest(NOW)
    .catch((e) => e);
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as ProviderError).kind).toBe('http');
});

test('malformed JSON is a malformed skipped part; a wrong shape too', async () => {
  server.setFault('/api/v1/fees/recommended', { kind: 'malformed' });
  server.set({ mempool: [] as unknown as Record<string, unknown> });
  const r = await provider().latest(NOW);
  expect(r.skipped.map((s) => s.reason)).toEqual([
    expect.stringMatching(/^malformed: .*not JSON/),
    expect.stringMatching(/^malformed: .*not a JSON object/),
  ]);
  expect(r.observations.map((o) => o.seriesId)).toEqual(['mempool.block_height']);
});

test('a slow answer is a timeout; a 429 waits Retry-After and asks again', async () => {
  server.setFault('/api/blocks/tip/height', { kind: 'slow', delayMs: 1500 });
  const r = await provider(300).latest(NOW);
  expect(r.skipped).toEqual([{ what: 'mempool /api/blocks/tip/height', reason: expect.stringMatching(/^timeout:/) }]);

  server.setFault('/api/blocks/tip/height', null);
  server.setFault('/api/mempool', { kind: 'rate_limited', retryAfterSeconds: 2, times: 1 });
  const again = await provider().latest(NOW);
  expect(again.skipped).toEqual([]);
  expect(again.observations).toHaveLength(5);
  // The provider slept what the server asked before the second try.
  expect(Math.max(...sleeps)).toBeGreaterThan(1500);
});

test('health: ok with the height; a down server is ok:false and does not throw', async () => {
  const h = await provider().health();
  expect(h.ok).toBe(true);
  expect(h.detail).toContain(server.state.height);
  server.setFault('/api/blocks/tip/height', { kind: 'status', status: 503 });
  const down = await provider().health();
  expect(down.ok).toBe(false);
  expect(down.detail).toMatch(/503/);
});
