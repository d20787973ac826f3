// DefiLlama: stablecoin supply (all chains, Ethereum, Tron) and chain TVL (Ethereum, Solana), keyless,
// full daily history in every answer. Each series is its own request, so one chain that fails loses
// only itself: its error is a skipped item and the others are kept.
import type { FetchResult } from '../../../core/intel/observation';
import type { DataProvider } from '../../../core/intel/provider';
import type { SeriesId } from '../../../core/intel/series';
import { parseChainTvl, parseStablecoinChart } from './defillama-parse';
import { gatherParts, type Part } from './gather-parts';
import { createIntelHttp } from './intel-http';
import { newestPerSeries, withinRange } from './point-collector';
import { probeHealth } from './probe-health';
import type { ProviderOptions } from './provider-options';

/** Each series, the host it lives on, and the path segment naming its chain (as DefiLlama spells it). */
export const DEFILLAMA_SERIES: readonly { seriesId: SeriesId; kind: 'stablecoins' | 'tvl'; chain: string }[] = [
  { seriesId: 'defillama.stablecoins.all', kind: 'stablecoins', chain: 'all' },
  { seriesId: 'defillama.stablecoins.ethereum', kind: 'stablecoins', chain: 'Ethereum' },
  { seriesId: 'defillama.stablecoins.tron', kind: 'stablecoins', chain: 'Tron' },
  { seriesId: 'defillama.tvl.ethereum', kind: 'tvl', chain: 'Ethereum' },
  { seriesId: 'defillama.tvl.solana', kind: 'tvl', chain: 'Solana' },
];

// The free API allows a few hundred requests a minute; five a sync need far less.
const REQUESTS_PER_MINUTE = 60;

export function createDefiLlamaProvider(o: ProviderOptions & { stablecoinsUrl: string; tvlUrl: string }): DataProvider {
  const stablecoins = o.stablecoinsUrl.replace(/\/+$/, '');
  const tvl = o.tvlUrl.replace(/\/+$/, '');
  const http = createIntelHttp({
    provider: 'defillama',
    timeoutMs: o.timeoutMs,
    requestsPerMinute: REQUESTS_PER_MINUTE,
    fetch: o.fetch,
    sleep: o.sleep,
  });

  const fetchAll = (now: number): Promise<FetchResult> =>
    gatherParts(
      DEFILLAMA_SERIES.map((s): Part => ({
        what: s.seriesId,
        run: async () =>
          s.kind === 'stablecoins'
            ? parseStablecoinChart(await http.json(`${stablecoins}/stablecoincharts/${s.chain}`), s.seriesId, now)
            : parseChainTvl(await http.json(`${tvl}/v2/historicalChainTvl/${s.chain}`), s.seriesId, now),
      })),
    );

  return {
    id: 'defillama',
    capabilities: { series: DEFILLAMA_SERIES.map((s) => s.seriesId), headlines: false, history: true },
    rateLimit: { requestsPerMinute: REQUESTS_PER_MINUTE },
    async latest(now) {
      return newestPerSeries(await fetchAll(now));
    },
    async history(range, now) {
      return withinRange(await fetchAll(now), range.from, range.to);
    },
    health: () =>
      probeHealth(async () => {
        const body = await http.json(`${tvl}/v2/historicalChainTvl/Solana`);
        if (!Array.isArray(body)) throw new Error('defillama: TVL history is not a JSON array');
        return `TVL history answers (${body.length} days)`;
      }),
  };
}
