// mempool.space: Bitcoin fee rates, mempool size and block height, keyless. These endpoints give the
// current reading only, so capabilities.history is false and history(range) is the latest reading
// when `now` falls in the range, else nothing: a backfill cannot invent past mempool states.
import { emptyFetch } from '../../../core/intel/observation';
import type { DataProvider } from '../../../core/intel/provider';
import { seriesOf, type SeriesId } from '../../../core/intel/series';
import { gatherParts } from './gather-parts';
import { createIntelHttp } from './intel-http';
import { parseBlockHeight, parseMempoolFees, parseMempoolStats } from './mempool-space-parse';
import { probeHealth } from './probe-health';
import type { ProviderOptions } from './provider-options';

// mempool.space does not publish a limit for its public API; it answers 429 well above this.
const REQUESTS_PER_MINUTE = 30;

export function createMempoolProvider(o: ProviderOptions & { baseUrl: string }): DataProvider {
  const base = o.baseUrl.replace(/\/+$/, '');
  const http = createIntelHttp({
    provider: 'mempool',
    timeoutMs: o.timeoutMs,
    requestsPerMinute: REQUESTS_PER_MINUTE,
    fetch: o.fetch,
    sleep: o.sleep,
  });

  const latest = (now: number) =>
    gatherParts([
      {
        what: 'mempool /api/v1/fees/recommended',
        run: async () => parseMempoolFees(await http.json(`${base}/api/v1/fees/recommended`), now),
      },
      { what: 'mempool /api/mempool', run: async () => parseMempoolStats(await http.json(`${base}/api/mempool`), now) },
      {
        what: 'mempool /api/blocks/tip/height',
        run: async () => parseBlockHeight(await http.text(`${base}/api/blocks/tip/height`), now),
      },
    ]);

  return {
    id: 'mempool',
    capabilities: {
      series: seriesOf('mempool').map((s) => s.id as SeriesId),
      headlines: false,
      history: false,
    },
    rateLimit: { requestsPerMinute: REQUESTS_PER_MINUTE },
    latest,
    async history(range, now) {
      return now >= range.from && now <= range.to ? latest(now) : emptyFetch();
    },
    health: () =>
      probeHealth(async () => {
        const h = (await http.text(`${base}/api/blocks/tip/height`)).trim();
        return `block height ${h.slice(0, 20)}`;
      }),
  };
}
