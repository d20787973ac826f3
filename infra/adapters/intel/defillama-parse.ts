// DefiLlama's two daily histories as observations: stablecoin supply
// ([{date: "Unix seconds" as a string, totalCirculatingUSD: {peggedUSD}}]) and chain TVL
// ([{date: Unix seconds as a number, tvl}]). Each point is a day, known a publication lag later.
import type { FetchResult } from '../../../core/intel/observation';
import type { SeriesId } from '../../../core/intel/series';
import { ProviderError } from './provider-error';
import { createPointCollector, fetchResultOf, show } from './point-collector';

const arrayOrMalformed = (body: unknown, what: string): unknown[] => {
  if (!Array.isArray(body))
    throw new ProviderError('defillama', 'malformed', `${what} is not a JSON array: ${show(body)}`);
  return body;
};

/** Unix seconds as DefiLlama writes them (a digit string in the stablecoin charts, a number in TVL), in ms. */
const secondsToMs = (date: unknown): unknown => {
  if (typeof date === 'number') return date * 1000;
  if (typeof date === 'string' && /^\d+$/.test(date.trim())) return Number(date.trim()) * 1000;
  return date;
};

/** GET {stablecoinsUrl}/stablecoincharts/{all|Chain}: the USD value of all USD-pegged coins in circulation. */
export function parseStablecoinChart(body: unknown, seriesId: SeriesId, now: number): FetchResult {
  const rows = arrayOrMalformed(body, `stablecoin chart for ${seriesId}`);
  const c = createPointCollector(now);
  rows.forEach((r, i) => {
    const what = `${seriesId} [${i}]`;
    if (typeof r !== 'object' || r === null) return c.skip(what, `entry is not an object: ${show(r)}`);
    const row = r as { date?: unknown; totalCirculatingUSD?: { peggedUSD?: unknown } | null };
    const usd = row.totalCirculatingUSD;
    if (typeof usd !== 'object' || usd === null) return c.skip(what, `no totalCirculatingUSD: ${show(usd)}`);
    c.add(seriesId, secondsToMs(row.date), usd.peggedUSD, what);
  });
  return fetchResultOf(c);
}

/** GET {tvlUrl}/v2/historicalChainTvl/{Chain}: the chain's DeFi TVL in USD per day. */
export function parseChainTvl(body: unknown, seriesId: SeriesId, now: number): FetchResult {
  const rows = arrayOrMalformed(body, `TVL history for ${seriesId}`);
  const c = createPointCollector(now);
  rows.forEach((r, i) => {
    const what = `${seriesId} [${i}]`;
    if (typeof r !== 'object' || r === null) return c.skip(what, `entry is not an object: ${show(r)}`);
    const row = r as { date?: unknown; tvl?: unknown };
    c.add(seriesId, secondsToMs(row.date), row.tvl, what);
  });
  return fetchResultOf(c);
}
