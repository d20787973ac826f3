import { parseChainTvl, parseStablecoinChart } from '../../../infra/adapters/intel/defillama-parse';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 11, 6);
const D = Date.UTC(2024, 11, 4);

describe('DefiLlama parsers', () => {
  test('stablecoins: the string date in Unix seconds and totalCirculatingUSD.peggedUSD', () => {
    const r = parseStablecoinChart(
      [
        {
          date: String(D / 1000),
          totalCirculating: { peggedUSD: 1.8e11, peggedEUR: 3e8 },
          totalCirculatingUSD: { peggedUSD: 1.9e11, peggedEUR: 3.2e8 },
        },
      ],
      'defillama.stablecoins.all',
      NOW,
    );
    expect(r.observations).toEqual([
      { seriesId: 'defillama.stablecoins.all', observedAt: D, knownAt: D + DAY, value: 1.9e11 },
    ]);
  });

  test('stablecoins: bad dates, bad values, future dates and missing totals are skipped', () => {
    const r = parseStablecoinChart(
      [
        { date: 'yesterday', totalCirculatingUSD: { peggedUSD: 1 } },
        { date: String(D / 1000), totalCirculatingUSD: { peggedUSD: '1.9e11' } },
        { date: String((NOW + DAY) / 1000), totalCirculatingUSD: { peggedUSD: 1 } },
        { date: String(D / 1000) },
        null,
        { date: String(D / 1000), totalCirculatingUSD: { peggedUSD: 2e11 } },
      ],
      'defillama.stablecoins.tron',
      NOW,
    );
    expect(r.observations.map((o) => o.value)).toEqual([2e11]);
    expect(r.skipped).toHaveLength(5);
    expect(r.skipped[2].reason).toMatch(/future/);
    expect(r.skipped[3].reason).toMatch(/totalCirculatingUSD/);
  });

  test('TVL: a numeric date in Unix seconds', () => {
    const r = parseChainTvl(
      [
        { date: D / 1000, tvl: 6.5e10 },
        { date: D / 1000 + 86400, tvl: null },
      ],
      'defillama.tvl.ethereum',
      NOW,
    );
    expect(r.observations).toEqual([
      { seriesId: 'defillama.tvl.ethereum', observedAt: D, knownAt: D + DAY, value: 6.5e10 },
    ]);
    expect(r.skipped[0].reason).toMatch(/not a finite number/);
  });

  test('anything but an array is malformed', () => {
    for (const bad of [{}, 'x', null, { message: 'Internal error' }]) {
      let err: unknown;
      try {
        parseChainTvl(bad, 'defillama.tvl.solana', NOW);
      } catch (e) {
        err = e;
      }
      expect((err as ProviderError).kind).toBe('malformed');
      expect(() => parseStablecoinChart(bad, 'defillama.stablecoins.all', NOW)).toThrow(ProviderError);
    }
  });
});
