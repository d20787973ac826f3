// blockchain.com charts: Bitcoin hash rate and confirmed transactions per day, keyless, daily history.
import type { DataProvider, TimeRange } from '../../../core/intel/provider';
import type { SeriesId } from '../../../core/intel/series';
import { parseBlockchainChart } from './blockchain-com-parse';
import { gatherParts } from './gather-parts';
import { createIntelHttp } from './intel-http';
import { isoDate, newestPerSeries, withinRange } from './point-collector';
import { probeHealth } from './probe-health';
import type { ProviderOptions } from './provider-options';

const DAY = 86_400_000;

/** Which chart serves each series. */
export const BLOCKCHAIN_CHARTS: Record<'blockchain.hash_rate' | 'blockchain.transactions', string> = {
  'blockchain.hash_rate': 'hash-rate',
  'blockchain.transactions': 'n-transactions',
};

// The charts API asks for no more than one request every 10 s from one client.
const REQUESTS_PER_MINUTE = 6;

export function createBlockchainProvider(o: ProviderOptions & { baseUrl: string }): DataProvider {
  const base = o.baseUrl.replace(/\/+$/, '');
  const http = createIntelHttp({
    provider: 'blockchain',
    timeoutMs: o.timeoutMs,
    requestsPerMinute: REQUESTS_PER_MINUTE,
    fetch: o.fetch,
    sleep: o.sleep,
  });
  const entries = Object.entries(BLOCKCHAIN_CHARTS) as [SeriesId, string][];

  const chartUrl = (chart: string, days: number, start?: number) =>
    `${base}/charts/${chart}?timespan=${days}days&format=json&sampled=false` +
    (start === undefined ? '' : `&start=${isoDate(start)}`);

  const fetchAll = (now: number, days: number, start?: number) =>
    gatherParts(
      entries.map(([seriesId, chart]) => ({
        what: seriesId,
        run: async () => parseBlockchainChart(await http.json(chartUrl(chart, days, start)), seriesId, chart, now),
      })),
    );

  return {
    id: 'blockchain',
    capabilities: { series: entries.map(([s]) => s), headlines: false, history: true },
    rateLimit: { requestsPerMinute: REQUESTS_PER_MINUTE },
    async latest(now) {
      return newestPerSeries(await fetchAll(now, 7));
    },
    async history(range: TimeRange, now) {
      if (range.to < range.from) return { observations: [], headlines: [], skipped: [] };
      // From the range's first day, enough days to cover it (the chart's points are at 00:00 UTC).
      const start = Math.floor(range.from / DAY) * DAY;
      const days = Math.max(1, Math.ceil((range.to - start) / DAY) + 1);
      return withinRange(await fetchAll(now, days, start), range.from, range.to);
    },
    health: () =>
      probeHealth(async () => {
        const body = (await http.json(chartUrl('n-transactions', 1))) as { status?: unknown } | null;
        if (body?.status !== 'ok') throw new Error(`blockchain: charts answered status ${String(body?.status)}`);
        return 'charts answer';
      }),
  };
}
