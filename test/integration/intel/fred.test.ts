// The FRED provider's real HTTP path against a local FRED: the JSON API with a key, the keyless CSV
// download without, and the key never in an error, a skipped reason or a health detail.
import { createFredProvider } from '../../../infra/adapters/intel/fred';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';
import { startFredServer, type FredServer } from '../../fixtures/intel/fred-server';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 11, 10, 15);
const KEY = '0123456789abcdef0123456789abcdef';
const SERIES = ['fred.CPIAUCSL', 'fred.DGS10', 'fred.DTWEXBGS', 'fred.FEDFUNDS', 'fred.T10Y2Y', 'fred.VIXCLS'];

let server: FredServer;
let sleeps: number[];
const provider = (o: { apiKey?: string; timeoutMs?: number } = {}) =>
  createFredProvider({
    apiUrl: server.url,
    csvUrl: server.url,
    apiKey: o.apiKey,
    timeoutMs: o.timeoutMs ?? 2000,
    sleep: async (ms) => void sleeps.push(ms),
  });

beforeEach(async () => {
  server = await startFredServer({ apiKey: KEY, seed: 11, now: NOW, days: 400 });
  sleeps = [];
});
afterEach(() => server.close());

/** Everything an error could show: message, details, cause, stack. */
const everything = (e: unknown) =>
  e instanceof Error
    ? [e.message, e.stack, JSON.stringify(e), String((e as { cause?: unknown }).cause)].join('\n')
    : String(e);

const expectedValues = (fredId: string, from: number, to: number) =>
  server
    .observations(fredId)
    .filter(
      (r) => r.value !== '.' && Date.parse(`${r.date}T00:00:00Z`) >= from && Date.parse(`${r.date}T00:00:00Z`) <= to,
    )
    .map((r) => Number(r.value));

describe.each([
  ['the JSON API with a key', KEY, '/fred/series/observations'],
  ['the CSV download without a key', undefined, '/graph/fredgraph.csv'],
])('%s', (_name, apiKey, path) => {
  test('latest: the newest value of every series, at 00:00 UTC, known at its publication lag', async () => {
    const r = await provider({ apiKey }).latest(NOW);
    expect(r.observations.map((o) => o.seriesId).sort()).toEqual(SERIES);
    expect(new Set(server.requests().map((q) => q.path))).toEqual(new Set([path]));
    const dgs10 = r.observations.find((o) => o.seriesId === 'fred.DGS10')!;
    const newest = server
      .observations('DGS10')
      .filter((x) => x.value !== '.')
      .at(-1)!;
    expect(dgs10.observedAt).toBe(Date.parse(`${newest.date}T00:00:00Z`));
    expect(dgs10.value).toBe(Number(newest.value));
    expect(dgs10.knownAt).toBe(Math.min(NOW, dgs10.observedAt + 2 * DAY));
    const cpi = r.observations.find((o) => o.seriesId === 'fred.CPIAUCSL')!;
    // Monthly: the month's first day.
    expect(new Date(cpi.observedAt).getUTCDate()).toBe(1);
  });

  test('history: exactly the non-missing values in the range; "." counted as missing, never 0', async () => {
    const from = Date.UTC(2024, 5, 1);
    const to = Date.UTC(2024, 8, 30);
    const r = await provider({ apiKey }).history({ from, to }, NOW);
    expect(r.observations.filter((o) => o.seriesId === 'fred.VIXCLS').map((o) => o.value)).toEqual(
      expectedValues('VIXCLS', from, to),
    );
    expect(r.observations.filter((o) => o.seriesId === 'fred.FEDFUNDS')).toHaveLength(4);
    const dots = SERIES.map((id) => id.slice(5)).flatMap((id) =>
      server.observations(id).filter((x) => x.value === '.' && x.date >= '2024-06-01' && x.date <= '2024-09-30'),
    );
    // The seeded data has holidays in this range, or the test would prove nothing.
    expect(dots.length).toBeGreaterThan(0);
    expect(r.skipped.filter((s) => s.reason === 'missing value')).toHaveLength(dots.length);
    // No observation stands on a '.' day (as a zero or anything else).
    const dotDays = new Set(
      SERIES.flatMap((id) =>
        server
          .observations(id.slice(5))
          .filter((x) => x.value === '.')
          .map((x) => `${id} ${x.date}`),
      ),
    );
    expect(
      r.observations.filter((o) => dotDays.has(`${o.seriesId} ${new Date(o.observedAt).toISOString().slice(0, 10)}`)),
    ).toEqual([]);
    const q = server.requests()[0].query;
    expect(apiKey ? q.observation_start : q.cosd).toBe('2024-06-01');
  });

  test('a non-number and a future date are skipped with reasons', async () => {
    server.setObservations('DGS10', [
      { date: '2024-12-02', value: '4.19' },
      { date: '2024-12-03', value: '.' },
      { date: '2024-12-04', value: 'N/A' },
      { date: '2024-12-20', value: '4.30' },
    ]);
    const r = await provider({ apiKey }).history({ from: Date.UTC(2024, 11, 1), to: Date.UTC(2024, 11, 31) }, NOW);
    expect(r.observations.filter((o) => o.seriesId === 'fred.DGS10').map((o) => o.value)).toEqual([4.19]);
    expect(r.skipped.filter((s) => s.what.startsWith('fred.DGS10')).map((s) => s.reason)).toEqual([
      'missing value',
      expect.stringMatching(/not a finite number: "N\/A"/),
      expect.stringMatching(/in the future/),
    ]);
  });

  test('a 500 on one series keeps the others; malformed answers are malformed', async () => {
    server.setFault(path, { kind: 'status', status: 500, times: 1 });
    const r = await provider({ apiKey }).latest(NOW);
    expect(r.observations).toHaveLength(5);
    const failures = r.skipped.filter((s) => s.reason !== 'missing value');
    expect(failures).toEqual([{ what: 'fred.DGS10', reason: expect.stringMatching(/^http: .*HTTP 500/) }]);
    expect(r.skipped[0].reason).not.toContain(KEY);

    server.setFault(path, {
      kind: 'malformed',
      body: apiKey ? '{"observations":[{"date":' : '<html>maintenance</html>',
    });
    const err = await provider({ apiKey })
      .latest(NOW)
      .catch((e) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe('malformed');
  });

  test('a slow answer is a timeout, a 429 waits Retry-After', async () => {
    server.setFault(path, { kind: 'slow', delayMs: 1500, times: 1 });
    const r = await provider({ apiKey, timeoutMs: 300 }).latest(NOW);
    const failures = r.skipped.filter((s) => s.reason !== 'missing value');
    expect(failures).toEqual([{ what: 'fred.DGS10', reason: expect.stringMatching(/^timeout:/) }]);
    expect(r.skipped[0].reason).not.toContain(KEY);
    server.setFault(path, { kind: 'rate_limited', retryAfterSeconds: 2, times: 1 });
    const again = await provider({ apiKey }).latest(NOW);
    expect(again.observations).toHaveLength(6);
    expect(sleeps.some((ms) => ms > 1500)).toBe(true);
  });
});

test('the older CSV header DATE is read too', async () => {
  await server.close();
  server = await startFredServer({ seed: 11, now: NOW, csvHeader: 'DATE' });
  const r = await provider().latest(NOW);
  expect(r.observations).toHaveLength(6);
});

test('the key goes to the JSON API only, and the keyless path never sends one', async () => {
  await provider({ apiKey: KEY }).latest(NOW);
  await provider().latest(NOW);
  const reqs = server.requests();
  expect(reqs.filter((q) => q.path === '/fred/series/observations').every((q) => q.query.api_key === KEY)).toBe(true);
  expect(reqs.filter((q) => q.path === '/graph/fredgraph.csv').every((q) => !q.url.includes('api_key'))).toBe(true);
  expect(reqs.filter((q) => q.path === '/graph/fredgraph.csv')).toHaveLength(6);
});

test("a wrong key: a ProviderError naming FRED's message, without the key anywhere", async () => {
  const wrong = 'ffffeeeeddddccccbbbbaaaa99998888';
  const err = await provider({ apiKey: wrong })
    .latest(NOW)
    .catch((e) => e);
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as ProviderError).kind).toBe('http');
  expect((err as Error).message).toContain('The value for variable api_key is not registered');
  expect((err as Error).message).toContain('DGS10');
  expect(everything(err)).not.toContain(wrong);
  const h = await provider({ apiKey: wrong }).health();
  expect(h.ok).toBe(false);
  expect(h.detail).toContain('not registered');
  expect(h.detail).not.toContain(wrong);
});

test('the key is scrubbed even from an error that would carry it (a timeout, a connection refused)', async () => {
  server.setFault('/fred/series/observations', { kind: 'slow', delayMs: 1500 });
  const slow = await provider({ apiKey: KEY, timeoutMs: 200 })
    .latest(NOW)
    .catch((e) => e);
  expect((slow as ProviderError).kind).toBe('timeout');
  // The URL is named, with its key redacted.
  expect((slow as Error).message).toContain('api_key=***');
  expect(everything(slow)).not.toContain(KEY);
  const url = server.url;
  await server.close();
  const gone = await createFredProvider({
    apiUrl: url,
    csvUrl: url,
    apiKey: KEY,
    timeoutMs: 500,
    sleep: async () => {},
  })
    .latest(NOW)
    .catch((e) => e);
  expect((gone as ProviderError).kind).toBe('network');
  expect(everything(gone)).not.toContain(KEY);
  server = await startFredServer({ apiKey: KEY, now: NOW });
});

test('capabilities and rate limits', () => {
  const p = provider();
  expect(p.capabilities).toMatchObject({ history: true, headlines: false });
  expect([...p.capabilities.series].sort()).toEqual(SERIES);
  // Below FRED's 120 requests a minute with a key; gentler keyless.
  expect(p.rateLimit.withKeyPerMinute).toBeLessThan(120);
  expect(p.rateLimit.requestsPerMinute).toBeLessThan(p.rateLimit.withKeyPerMinute!);
});
