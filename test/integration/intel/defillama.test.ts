// The DefiLlama provider's real HTTP path against a local DefiLlama (both hosts) in its real formats.
import { createDefiLlamaProvider } from '../../../infra/adapters/intel/defillama';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';
import { startDefiLlamaServer, type DefiLlamaServer } from '../../fixtures/intel/defillama-server';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 11, 10, 15);
const TODAY = Date.UTC(2024, 11, 10);
const ALL = [
  'defillama.stablecoins.all',
  'defillama.stablecoins.ethereum',
  'defillama.stablecoins.tron',
  'defillama.tvl.ethereum',
  'defillama.tvl.solana',
];

let server: DefiLlamaServer;
let sleeps: number[];
const provider = (timeoutMs = 2000) =>
  createDefiLlamaProvider({
    stablecoinsUrl: server.url,
    tvlUrl: server.url,
    timeoutMs,
    sleep: async (ms) => void sleeps.push(ms),
  });

beforeEach(async () => {
  server = await startDefiLlamaServer({ seed: 5, now: NOW, days: 90 });
  sleeps = [];
});
afterEach(() => server.close());

const stableUsd = (chain: string, at: number) =>
  (server.stablecoins(chain) as { date: string; totalCirculatingUSD: { peggedUSD: number } }[]).find(
    (r) => Number(r.date) * 1000 === at,
  )?.totalCirculatingUSD.peggedUSD;

test('latest: the newest day of every series from its endpoint', async () => {
  const r = await provider().latest(NOW);
  expect(r.skipped).toEqual([]);
  expect(r.observations.map((o) => o.seriesId).sort()).toEqual(ALL);
  for (const o of r.observations) {
    expect(o.observedAt).toBe(TODAY);
    // Today's point is known no later than we fetched it.
    expect(o.knownAt).toBe(NOW);
  }
  const eth = r.observations.find((o) => o.seriesId === 'defillama.stablecoins.ethereum')!;
  expect(eth.value).toBe(stableUsd('Ethereum', TODAY));
  expect(
    server
      .requests()
      .map((q) => q.path)
      .sort(),
  ).toEqual([
    '/stablecoincharts/Ethereum',
    '/stablecoincharts/Tron',
    '/stablecoincharts/all',
    '/v2/historicalChainTvl/Ethereum',
    '/v2/historicalChainTvl/Solana',
  ]);
});

test('history: every day in the range for every series, known a day after', async () => {
  const from = TODAY - 20 * DAY;
  const to = TODAY - 10 * DAY;
  const r = await provider().history({ from, to }, NOW);
  for (const id of ALL) {
    const days = r.observations.filter((o) => o.seriesId === id);
    expect(days).toHaveLength(11);
    expect(days.every((o) => o.observedAt >= from && o.observedAt <= to && o.knownAt === o.observedAt + DAY)).toBe(
      true,
    );
  }
  const tron = r.observations.filter((o) => o.seriesId === 'defillama.stablecoins.tron');
  expect(tron.map((o) => o.value)).toEqual(tron.map((o) => stableUsd('Tron', o.observedAt)));
});

test('a non-number, a bad date string and a future date are skipped with reasons', async () => {
  const day = (n: number) => String((TODAY - n * DAY) / 1000);
  server.setStablecoins('Tron', [
    { date: day(2), totalCirculatingUSD: { peggedUSD: 6e10 } },
    { date: day(1), totalCirculatingUSD: { peggedUSD: 'NaN' } },
    { date: 'soon', totalCirculatingUSD: { peggedUSD: 6e10 } },
    { date: String((NOW + 2 * DAY) / 1000), totalCirculatingUSD: { peggedUSD: 6.2e10 } },
  ]);
  const r = await provider().latest(NOW);
  const tron = r.observations.find((o) => o.seriesId === 'defillama.stablecoins.tron')!;
  // The newest usable point, not the future one.
  expect(tron.observedAt).toBe(TODAY - 2 * DAY);
  expect(r.skipped.map((s) => s.reason)).toEqual([
    expect.stringMatching(/value is not a finite number/),
    expect.stringMatching(/timestamp is not a number: "soon"/),
    expect.stringMatching(/in the future/),
  ]);
});

test('one chain failing (500, malformed JSON, wrong shape) keeps the others; all failing throws', async () => {
  server.setFault('/stablecoincharts/Tron', { kind: 'status', status: 500 });
  server.setFault('/v2/historicalChainTvl/Solana', { kind: 'malformed', body: '[{"date":17332' });
  server.setTvl('Ethereum', { message: 'internal error' } as unknown as unknown[]);
  const r = await provider().latest(NOW);
  expect(r.observations.map((o) => o.seriesId).sort()).toEqual([
    'defillama.stablecoins.all',
    'defillama.stablecoins.ethereum',
  ]);
  expect(r.skipped).toEqual([
    { what: 'defillama.stablecoins.tron', reason: expect.stringMatching(/^http: .*500/) },
    { what: 'defillama.tvl.ethereum', reason: expect.stringMatching(/^malformed: .*not a JSON array/) },
    { what: 'defillama.tvl.solana', reason: expect.stringMatching(/^malformed: .*not JSON/) },
  ]);

  for (const p of ['/stablecoincharts/all', '/stablecoincharts/Ethereum', '/v2/historicalChainTvl/Ethereum'])
    server.setFault(p, { kind: 'status', status: 500 });
  const err = await provider()
    .history({ from: NOW - 5 * DAY, to: NOW }, NOW)
    .catch((e) => e);
  expect(err).toBeInstanceOf(ProviderError);
});

test('a timeout on one chain, a 429 honoured on another', async () => {
  server.setFault('/stablecoincharts/all', { kind: 'slow', delayMs: 1500 });
  server.setFault('/v2/historicalChainTvl/Solana', { kind: 'rate_limited', retryAfterSeconds: 1, times: 1 });
  const r = await provider(300).latest(NOW);
  expect(r.skipped).toEqual([{ what: 'defillama.stablecoins.all', reason: expect.stringMatching(/^timeout:/) }]);
  expect(r.observations).toHaveLength(4);
  expect(sleeps.some((ms) => ms > 500)).toBe(true);
});

test('health never throws', async () => {
  expect(await provider().health()).toMatchObject({ ok: true });
  server.setFault('/v2/historicalChainTvl/Solana', { kind: 'status', status: 502 });
  expect(await provider().health()).toMatchObject({ ok: false, detail: expect.stringMatching(/502/) });
});
