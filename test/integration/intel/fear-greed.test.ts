// The real provider and its real HTTP path against a local alternative.me.
import { createFearGreedProvider } from '../../../infra/adapters/intel/fear-greed';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';
import {
  fearGreedDays,
  startFearGreedServer,
  utcDay,
  type FearGreedServer,
} from '../../fixtures/intel/fear-greed-server';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 4, 13, 0);
const TODAY = utcDay(NOW);

let server: FearGreedServer;
const provider = (timeoutMs = 2000) => createFearGreedProvider({ baseUrl: `${server.url}/`, timeoutMs });

beforeAll(async () => {
  server = await startFearGreedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.clearFaults();
  server.clearRequests();
  server.setRawItems(null);
  server.setMetadataError(null);
  server.setDays(fearGreedDays(400, NOW, (i) => i % 101));
});

it('latest asks /fng/ for the newest days as JSON and reads the string values', async () => {
  const r = await provider().latest(NOW);
  expect(server.fngRequests().map((q) => q.query)).toEqual([{ limit: '2', format: 'json' }]);
  // Days 398 and 399 of the fixture (i % 101), today last.
  expect(r.observations).toEqual([
    { seriesId: 'fear_greed.index', observedAt: TODAY - DAY, knownAt: TODAY - DAY, value: 398 % 101 },
    { seriesId: 'fear_greed.index', observedAt: TODAY, knownAt: TODAY, value: 399 % 101 },
  ]);
  expect(r.skipped).toEqual([]);
});

it('history asks for enough days to cover the range and keeps only the days inside it', async () => {
  const from = TODAY - 40 * DAY;
  const to = TODAY - 30 * DAY;
  const r = await provider().history({ from, to }, NOW);
  expect(server.fngRequests()[0].query.limit).toBe('42');
  expect(r.observations).toHaveLength(11);
  expect(r.observations[0].observedAt).toBe(from);
  expect(r.observations.at(-1)!.observedAt).toBe(to);
  // Value of fixture day i is i % 101; the range's first day is fixture day 399 - 40.
  expect(r.observations[0].value).toBe((399 - 40) % 101);
});

it('history from before the index began asks for everything (limit=0)', async () => {
  const r = await provider().history({ from: Date.UTC(2017, 0, 1), to: NOW }, NOW);
  expect(server.fngRequests()[0].query.limit).toBe('0');
  expect(r.observations).toHaveLength(400);
});

it('skips bad items with their reasons and keeps the good ones', async () => {
  server.setRawItems([
    { value: '55', value_classification: 'Greed', timestamp: String((TODAY + 3 * DAY) / 1000) },
    { value: 'n/a', value_classification: 'Fear', timestamp: String(TODAY / 1000) },
    { value: '12', value_classification: 'Extreme Fear', timestamp: String((TODAY - DAY) / 1000) },
  ]);
  const r = await provider().history({ from: TODAY - 5 * DAY, to: NOW }, NOW);
  expect(r.observations.map((o) => [o.observedAt, o.value])).toEqual([[TODAY - DAY, 12]]);
  expect(r.skipped.map((s) => s.reason)).toEqual([
    `timestamp ${new Date(TODAY + 3 * DAY).toISOString()} is in the future`,
    'value is not an integer 0..100: "n/a"',
  ]);
});

it('an error in metadata.error is a malformed ProviderError naming it', async () => {
  server.setMetadataError('Requested limit is not valid');
  await expect(provider().latest(NOW)).rejects.toMatchObject({
    name: 'ProviderError',
    kind: 'malformed',
    message: expect.stringContaining('Requested limit is not valid'),
  });
});

it('HTTP 500, a slow answer and a non-JSON body fail as http, timeout and malformed', async () => {
  server.setFault('/fng/', { status: 500, body: '<html>Internal Server Error</html>', times: 1 });
  await expect(provider().latest(NOW)).rejects.toMatchObject({ kind: 'http', details: { status: 500 } });
  server.setFault('/fng/', { delayMs: 1500, times: 1 });
  await expect(provider(300).latest(NOW)).rejects.toMatchObject({ kind: 'timeout' });
  server.setFault('/fng/', { malformed: '{"name":"Fear and Greed Index","data":[{"value":', times: 1 });
  const e = await provider()
    .latest(NOW)
    .catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ProviderError);
  expect((e as ProviderError).kind).toBe('malformed');
});

it('health makes one limit=1 request, reports the value, and never throws', async () => {
  const ok = await provider().health();
  expect(ok.ok).toBe(true);
  expect(ok.detail).toMatch(/^index \d+ on \d{4}-\d{2}-\d{2}$/);
  expect(server.fngRequests().map((q) => q.query.limit)).toEqual(['1']);
  server.setFault('/fng/', { status: 503 });
  const down = await provider().health();
  expect(down.ok).toBe(false);
  expect(down.detail).toContain('HTTP 503');
});

it('capabilities and rate limit', () => {
  const p = provider();
  expect(p.id).toBe('fear_greed');
  expect(p.capabilities).toEqual({ series: ['fear_greed.index'], headlines: false, history: true });
  expect(p.rateLimit.requestsPerMinute).toBeGreaterThan(0);
});
