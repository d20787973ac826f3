// The intelligence routes against the integration stack's PostgreSQL: the catalogue with each latest
// value and its staleness, a series' points as of a time, the headlines, and each provider's last
// sync, as the dashboard reads them. Rows are seeded through the repository the sync writes with.
import type { FetchResult } from '../../../core/intel/observation';
import { intelStore } from '../../../api/data/intel-data';
import { startDataGateway, type DataGateway } from './data-gateway-harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The FRED key the gateway's environment holds: it must never reach an answer, even when a stored
// message (written by something other than our redacting HTTP path) carries it.
const FRED_KEY = 'fredkey0123456789abcdef';

let gw: DataGateway;
const now = Date.now();
// Whole days before now, so the daily points read as the series' own cadence.
const day0 = Math.floor(now / DAY) * DAY - 10 * DAY;

const fearGreed = [
  { observedAt: day0, value: 21 },
  { observedAt: day0 + DAY, value: 34 },
  { observedAt: day0 + 2 * DAY, value: 55 },
];

async function seed(store: ReturnType<typeof intelStore>) {
  const fetched = (observations: FetchResult['observations'], headlines: FetchResult['headlines'] = []) => ({
    observations,
    headlines,
    skipped: [],
  });
  await store.saveFetch(
    'fear_greed',
    fetched(fearGreed.map((p) => ({ seriesId: 'fear_greed.index', ...p, knownAt: p.observedAt + HOUR }))),
    now - 5 * DAY,
  );
  // A fresh intraday reading: known a minute ago.
  await store.saveFetch(
    'mempool',
    fetched([{ seriesId: 'mempool.fee_fastest', observedAt: now - 60_000, knownAt: now - 60_000, value: 12 }]),
    now - 60_000,
  );
  await store.saveFetch(
    'news',
    fetched(
      [],
      [
        {
          source: 'coindesk',
          guid: 'cd-1',
          title: 'Bitcoin <b>climbs</b> past $70k',
          url: 'https://www.coindesk.com/markets/1',
          publishedAt: now - 3 * HOUR,
          knownAt: now - 3 * HOUR,
        },
        {
          source: 'decrypt',
          guid: 'dc-1',
          title: 'Stablecoin supply hits a record',
          url: 'https://decrypt.co/2',
          publishedAt: now - 2 * HOUR,
          knownAt: now - 2 * HOUR,
        },
      ],
    ),
    now - HOUR,
  );
  await store.recordFailure(
    'fred',
    {
      kind: 'http',
      message: `https://api.stlouisfed.org/fred/series/observations?series_id=DGS10&api_key=${FRED_KEY} answered 400 (key ${FRED_KEY} refused)`,
    },
    now - 30 * 60_000,
  );
}

beforeAll(async () => {
  process.env.FRED_API_KEY = FRED_KEY;
  gw = await startDataGateway();
  await seed(intelStore(gw.data));
});
afterAll(async () => {
  delete process.env.FRED_API_KEY;
  await gw?.stop();
});

describe('GET /intel/series', () => {
  it('lists every catalogue series with its latest value, and which are stale', async () => {
    const r = await gw.api('GET', '/intel/series');
    expect(r.status).toBe(200);
    const byId = new Map<string, any>(r.body.items.map((s: any) => [s.id, s]));
    // The whole catalogue, synced or not: the dashboard shows what is missing too.
    expect(byId.has('fred.CPIAUCSL')).toBe(true);
    expect(byId.get('fred.CPIAUCSL')).toMatchObject({ latest: null, stale: true, agent: 'macro' });
    expect(byId.get('mempool.fee_fastest')).toMatchObject({
      provider: 'mempool',
      agent: 'onchain',
      unit: 'sat/vB',
      stale: false,
      latest: { value: 12, observedAt: new Date(now - 60_000).toISOString() },
    });
    // Fear & Greed's newest point is 8 days old; the series goes stale after 2.
    expect(byId.get('fear_greed.index')).toMatchObject({
      stale: true,
      latest: {
        value: 55,
        observedAt: new Date(day0 + 2 * DAY).toISOString(),
        knownAt: new Date(day0 + 2 * DAY + HOUR).toISOString(),
      },
    });
  });
});

describe('GET /intel/series/:id/observations', () => {
  it("answers a series' points oldest first, within from/to", async () => {
    const r = await gw.api('GET', `/intel/series/fear_greed.index/observations?from=${day0}`);
    expect(r.status).toBe(200);
    expect(r.body.series).toMatchObject({ id: 'fear_greed.index', unit: 'index' });
    expect(r.body.items.map((p: any) => [p.observedAt, p.value])).toEqual(
      fearGreed.map((p) => [new Date(p.observedAt).toISOString(), p.value]),
    );
    const to = new Date(day0 + DAY).toISOString();
    const upTo = await gw.api('GET', `/intel/series/fear_greed.index/observations?from=${day0}&to=${to}`);
    expect(upTo.body.items.map((p: any) => p.value)).toEqual([21, 34]);
  });

  it('keeps only what was known by knownBy', async () => {
    // Day 1's value became known an hour after its day began: half an hour in, only day 0 was known.
    const knownBy = new Date(day0 + DAY + 30 * 60_000).toISOString();
    const r = await gw.api('GET', `/intel/series/fear_greed.index/observations?knownBy=${knownBy}`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((p: any) => p.value)).toEqual([21]);
  });

  it('answers 404 naming the known series for an unknown id', async () => {
    const r = await gw.api('GET', '/intel/series/fear_greed.indx/observations');
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/unknown intelligence series "fear_greed\.indx".*fear_greed\.index/);
  });

  it('answers 400 naming the field for a bad date or limit', async () => {
    const bad = await gw.api('GET', '/intel/series/fear_greed.index/observations?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: any) => i.path)).toEqual(['from']);
    const knownBy = await gw.api('GET', '/intel/series/fear_greed.index/observations?knownBy=2026-13-45');
    expect(knownBy.status).toBe(400);
    expect(knownBy.body.error.issues.map((i: any) => i.path)).toEqual(['knownBy']);
    const limit = await gw.api('GET', '/intel/series/fear_greed.index/observations?limit=0');
    expect(limit.status).toBe(400);
    expect(limit.body.error.issues.map((i: any) => i.path)).toEqual(['limit']);
    const reversed = await gw.api('GET', `/intel/series/fear_greed.index/observations?from=${now}&to=${day0}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.issues.map((i: any) => i.path)).toEqual(['from']);
  });
});

describe('GET /intel/headlines', () => {
  it('answers headlines newest first, their titles as the feed gave them, filtered by source', async () => {
    const r = await gw.api('GET', '/intel/headlines');
    expect(r.status).toBe(200);
    expect(r.body.items.map((h: any) => [h.source, h.title])).toEqual([
      ['decrypt', 'Stablecoin supply hits a record'],
      ['coindesk', 'Bitcoin <b>climbs</b> past $70k'],
    ]);
    expect(r.body.items[1]).toMatchObject({
      guid: 'cd-1',
      url: 'https://www.coindesk.com/markets/1',
      publishedAt: new Date(now - 3 * HOUR).toISOString(),
    });
    const one = await gw.api('GET', '/intel/headlines?source=coindesk&limit=5');
    expect(one.body.items.map((h: any) => h.guid)).toEqual(['cd-1']);
    const bad = await gw.api('GET', '/intel/headlines?to=soon');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: any) => i.path)).toEqual(['to']);
  });
});

describe('GET /intel/providers', () => {
  it("shows each provider's schedule and last success and failure, never a key", async () => {
    const r = await gw.api('GET', '/intel/providers');
    expect(r.status).toBe(200);
    const byId = new Map<string, any>(r.body.items.map((p: any) => [p.provider, p]));
    expect([...byId.keys()].sort()).toEqual(['blockchain', 'defillama', 'fear_greed', 'fred', 'mempool', 'news']);
    const mempool = byId.get('mempool');
    expect(mempool).toMatchObject({ enabled: true, intervalMinutes: 10 });
    // Other test files sync mempool in the same database (one on purpose against a failing server):
    // its last success is ours or later, and a failure someone recorded says what failed.
    expect(Date.parse(mempool.lastSuccessAt)).toBeGreaterThanOrEqual(now - 60_000);
    if (mempool.lastFailureAt !== null) expect(mempool.lastError).toMatch(/^mempool: /);
    const fred = byId.get('fred');
    expect(fred).toMatchObject({ lastSuccessAt: null, lastErrorKind: 'http' });
    expect(fred.lastFailureAt).toBe(new Date(now - 30 * 60_000).toISOString());
    // The message says what failed, with the key gone from the URL and from the text.
    expect(fred.lastError).toMatch(
      /^https:\/\/api\.stlouisfed\.org\/fred\/series\/observations\?series_id=DGS10&api_key=/,
    );
    expect(fred.lastError).toMatch(/answered 400/);
    // The bare key in the text is redacted by the gateway itself (the FRED key its environment holds).
    expect(fred.lastError).toContain('(key [redacted] refused)');
    expect(byId.get('blockchain')).toMatchObject({ lastSuccessAt: null, lastFailureAt: null });
  });

  it('lets no key reach any intelligence answer', async () => {
    for (const p of [
      '/intel/providers',
      '/intel/series',
      '/intel/headlines',
      '/intel/series/fred.DGS10/observations',
    ]) {
      const r = await gw.api('GET', p);
      expect({ p, status: r.status }).toEqual({ p, status: 200 });
      // Checked on the text as sent, not on parsed fields: a key anywhere in the answer fails.
      expect(JSON.stringify(r.body)).not.toContain(FRED_KEY);
    }
  });
});
