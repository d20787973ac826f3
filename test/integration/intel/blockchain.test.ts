// The blockchain.com charts provider's real HTTP path against a local charts API in its real format.
import { createBlockchainProvider } from '../../../infra/adapters/intel/blockchain-com';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';
import { startBlockchainServer, type BlockchainServer } from '../../fixtures/intel/blockchain-server';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 11, 10, 15);
const TODAY = Date.UTC(2024, 11, 10);

let server: BlockchainServer;
let sleeps: number[];
const provider = (timeoutMs = 2000) =>
  createBlockchainProvider({ baseUrl: server.url, timeoutMs, sleep: async (ms) => void sleeps.push(ms) });

beforeEach(async () => {
  server = await startBlockchainServer({ seed: 3, now: NOW, days: 120 });
  sleeps = [];
});
afterEach(() => server.close());

const yOf = (chart: string, observedAt: number) =>
  server.values(chart).find((p) => (p.x as number) * 1000 === observedAt)?.y;

test('latest: the newest day of each chart, known a day after it, asked with timespan=7days', async () => {
  const r = await provider().latest(NOW);
  expect(r.skipped).toEqual([]);
  expect(r.observations.map((o) => o.seriesId).sort()).toEqual(['blockchain.hash_rate', 'blockchain.transactions']);
  for (const o of r.observations) {
    // The fixture's newest point is yesterday's; known at today's start, which is before now.
    expect(o.observedAt).toBe(TODAY - DAY);
    expect(o.knownAt).toBe(TODAY);
    expect(o.value).toBe(yOf(o.seriesId === 'blockchain.hash_rate' ? 'hash-rate' : 'n-transactions', o.observedAt));
  }
  const q = server.requests().map((x) => [x.path, x.query.timespan, x.query.format, x.query.sampled]);
  expect(q).toEqual([
    ['/charts/hash-rate', '7days', 'json', 'false'],
    ['/charts/n-transactions', '7days', 'json', 'false'],
  ]);
});

test('history: exactly the days inside the range, ascending from the server', async () => {
  const from = TODAY - 40 * DAY + 3600_000; // mid-day: that day's 00:00 point is outside
  const to = TODAY - 10 * DAY;
  const r = await provider().history({ from, to }, NOW);
  const hash = r.observations.filter((o) => o.seriesId === 'blockchain.hash_rate');
  expect(hash).toHaveLength(30);
  expect(hash[0].observedAt).toBe(TODAY - 39 * DAY);
  expect(hash[hash.length - 1].observedAt).toBe(to);
  expect(hash.every((o) => o.knownAt === o.observedAt + DAY && o.value === yOf('hash-rate', o.observedAt))).toBe(true);
  // The request starts at the range's first day and spans it.
  const q = server.requests()[0].query;
  expect(q.start).toBe('2024-10-31');
  expect(Number(q.timespan.replace('days', ''))).toBeGreaterThanOrEqual(31);
});

test('a non-number and a future timestamp are skipped with reasons, the good points kept', async () => {
  server.setValues('hash-rate', [
    { x: (TODAY - 2 * DAY) / 1000, y: 7.1e8 },
    { x: (TODAY - DAY) / 1000, y: 'n/a' },
    { x: (NOW + DAY) / 1000, y: 7.5e8 },
  ]);
  const r = await provider().history({ from: TODAY - 5 * DAY, to: NOW + 2 * DAY }, NOW);
  const hash = r.observations.filter((o) => o.seriesId === 'blockchain.hash_rate');
  expect(hash.map((o) => o.value)).toEqual([7.1e8]);
  expect(r.skipped.map((s) => s.reason)).toEqual([
    expect.stringMatching(/value is not a finite number: "n\/a"/),
    expect.stringMatching(/in the future/),
  ]);
});

test('status other than ok is malformed; malformed JSON too; one chart failing keeps the other', async () => {
  server.setFault('/charts/hash-rate', { kind: 'malformed' });
  const r = await provider().latest(NOW);
  expect(r.observations.map((o) => o.seriesId)).toEqual(['blockchain.transactions']);
  expect(r.skipped).toEqual([{ what: 'blockchain.hash_rate', reason: expect.stringMatching(/^malformed:/) }]);

  server.setFault('/charts/hash-rate', { kind: 'status', status: 200, body: '{"status":"error","message":"busy"}' });
  server.setFault('/charts/n-transactions', { kind: 'status', status: 200, body: '{"status":"error"}' });
  const err = await provider()
    .latest(NOW)
    .catch((e) => e);
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as ProviderError).kind).toBe('malformed');
  expect((err as Error).message).toMatch(/status "error"/);
});

test('a 500 everywhere is a ProviderError http; a slow server a timeout; a 429 waits and retries', async () => {
  server.setFault('/charts/hash-rate', { kind: 'status', status: 500 });
  server.setFault('/charts/n-transactions', { kind: 'status', status: 500 });
  const err = await provider()
    .history({ from: NOW - 10 * DAY, to: NOW }, NOW)
    .catch((e) => e);
  expect((err as ProviderError).kind).toBe('http');

  server.setFault('/charts/hash-rate', { kind: 'slow', delayMs: 1500 });
  server.setFault('/charts/n-transactions', { kind: 'slow', delayMs: 1500 });
  const slow = await provider(300)
    .latest(NOW)
    .catch((e) => e);
  expect((slow as ProviderError).kind).toBe('timeout');

  server.setFault('/charts/hash-rate', { kind: 'rate_limited', retryAfterSeconds: 3, times: 1 });
  server.setFault('/charts/n-transactions', null);
  const r = await provider().latest(NOW);
  expect(r.observations).toHaveLength(2);
  expect(sleeps.some((ms) => ms > 2500)).toBe(true);
});

test('health never throws', async () => {
  expect((await provider().health()).ok).toBe(true);
  server.setFault('/charts/n-transactions', { kind: 'malformed' });
  const h = await provider().health();
  expect(h.ok).toBe(false);
  await server.close();
  const gone = await provider().health();
  expect(gone.ok).toBe(false);
  server = await startBlockchainServer({ now: NOW });
});
