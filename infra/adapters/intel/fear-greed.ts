// alternative.me's Crypto Fear & Greed index, keyless: one value a day at 00:00 UTC. The API counts
// back from today (limit=N is the newest N days, limit=0 all of them), so history asks for enough
// days to reach the range's start and keeps the days inside the range.
import type { DataProvider, TimeRange } from '../../../core/intel/provider';
import { parseFearGreed } from './fear-greed-parse';
import { createIntelHttp } from './intel-http';
import { probeHealth } from './probe-health';
import type { ProviderOptions } from './provider-options';

const DAY = 86_400_000;
// alternative.me allows 60 requests a minute over a 10-minute window; we stay at half.
const REQUESTS_PER_MINUTE = 30;
/** The index's first day (2018-02-01): a range starting before it asks for everything (limit=0). */
export const FEAR_GREED_FIRST_DAY = Date.UTC(2018, 1, 1);

/** Days to ask for so the answer reaches back to `from` when counted from `now`, 0 (all) before the first day. */
export function fearGreedLimit(from: number, now: number): number {
  if (from <= FEAR_GREED_FIRST_DAY) return 0;
  // One more than the whole days between: today's value is dated at today's midnight, the range's start may fall in a day.
  return Math.max(1, Math.ceil((now - from) / DAY) + 1);
}

export function createFearGreedProvider(o: ProviderOptions & { baseUrl: string }): DataProvider {
  const base = o.baseUrl.replace(/\/+$/, '');
  const http = createIntelHttp({
    provider: 'fear_greed',
    timeoutMs: o.timeoutMs,
    requestsPerMinute: REQUESTS_PER_MINUTE,
    fetch: o.fetch,
    sleep: o.sleep,
  });
  const ask = (limit: number) => http.json(`${base}/fng/?limit=${limit}&format=json`);

  return {
    id: 'fear_greed',
    capabilities: { series: ['fear_greed.index'], headlines: false, history: true },
    rateLimit: { requestsPerMinute: REQUESTS_PER_MINUTE },
    // Two days: yesterday's value too, should the previous sync have missed it.
    latest: async (now) => parseFearGreed(await ask(2), now),
    async history(range: TimeRange, now: number) {
      if (range.to < range.from) return { observations: [], headlines: [], skipped: [] };
      const r = parseFearGreed(await ask(fearGreedLimit(range.from, now)), now);
      return {
        ...r,
        observations: r.observations.filter((x) => x.observedAt >= range.from && x.observedAt <= range.to),
      };
    },
    health: () =>
      probeHealth(async () => {
        const r = parseFearGreed(await ask(1), Date.now());
        const v = r.observations.at(-1);
        if (!v) throw new Error(`no usable value${r.skipped[0] ? `: ${r.skipped[0].reason}` : ''}`);
        return `index ${v.value} on ${new Date(v.observedAt).toISOString().slice(0, 10)}`;
      }),
  };
}
