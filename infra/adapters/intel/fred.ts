// FRED (St. Louis Fed): rates, CPI, the curve, the VIX and the dollar. With the free key, the JSON
// API; without, the keyless fredgraph.csv download of the same series. The key travels only in the
// request URL (which intel-http redacts) and is scrubbed from every error this provider raises.
import type { FetchResult } from '../../../core/intel/observation';
import type { DataProvider, TimeRange } from '../../../core/intel/provider';
import { seriesSpec, type SeriesId } from '../../../core/intel/series';
import { parseFredCsv, parseFredJson } from './fred-parse';
import { gatherParts } from './gather-parts';
import { createIntelHttp } from './intel-http';
import { isoDate, newestPerSeries, withinRange } from './point-collector';
import { probeHealth } from './probe-health';
import { ProviderError } from './provider-error';
import type { ProviderOptions } from './provider-options';

export const FRED_SERIES = ['DGS10', 'FEDFUNDS', 'CPIAUCSL', 'T10Y2Y', 'VIXCLS', 'DTWEXBGS'] as const;

const DAY = 86_400_000;
// FRED allows 120 requests a minute per key; keyless downloads get no published limit, so stay gentle.
const WITH_KEY_PER_MINUTE = 100;
const KEYLESS_PER_MINUTE = 20;

export function createFredProvider(
  o: ProviderOptions & { apiUrl: string; csvUrl: string; apiKey?: string },
): DataProvider {
  const apiUrl = o.apiUrl.replace(/\/+$/, '');
  const csvUrl = o.csvUrl.replace(/\/+$/, '');
  const key = o.apiKey?.trim() || undefined;
  const http = createIntelHttp({
    provider: 'fred',
    timeoutMs: o.timeoutMs,
    requestsPerMinute: key ? WITH_KEY_PER_MINUTE : KEYLESS_PER_MINUTE,
    fetch: o.fetch,
    sleep: o.sleep,
  });

  /** The error without the key anywhere in it, and FRED's own error_message when it sent one. */
  const scrubbed = (e: unknown, fredId: string): unknown => {
    if (!(e instanceof ProviderError)) return e;
    const fredMessage = /"error_message"\s*:\s*"([^"]*)/.exec(e.message)?.[1];
    let message = fredMessage
      ? `series ${fredId} refused (HTTP ${e.details.status ?? '?'}): ${fredMessage}`
      : e.message.replace(/^fred: /, '');
    if (key) message = message.split(key).join('***');
    // The cause is dropped: it is a transport error whose text we do not control.
    return new ProviderError('fred', e.kind, message, {
      status: e.details.status,
      retryAfterMs: e.details.retryAfterMs,
    });
  };

  const fetchSeries = async (fredId: string, from: number, to: number, now: number): Promise<FetchResult> => {
    const seriesId = `fred.${fredId}` as SeriesId;
    try {
      if (key) {
        const url =
          `${apiUrl}/fred/series/observations?series_id=${fredId}&api_key=${encodeURIComponent(key)}` +
          `&file_type=json&observation_start=${isoDate(from)}&observation_end=${isoDate(to)}`;
        return parseFredJson(await http.json(url), seriesId, now);
      }
      const url = `${csvUrl}/graph/fredgraph.csv?id=${fredId}&cosd=${isoDate(from)}&coed=${isoDate(to)}`;
      return parseFredCsv(await http.text(url, { accept: 'text/csv' }), seriesId, fredId, now);
    } catch (e) {
      throw scrubbed(e, fredId);
    }
  };

  const fetchAll = (from: (fredId: string) => number, to: number, now: number) =>
    gatherParts(FRED_SERIES.map((id) => ({ what: `fred.${id}`, run: () => fetchSeries(id, from(id), to, now) })));

  return {
    id: 'fred',
    capabilities: { series: FRED_SERIES.map((id) => `fred.${id}` as SeriesId), headlines: false, history: true },
    rateLimit: { requestsPerMinute: KEYLESS_PER_MINUTE, withKeyPerMinute: WITH_KEY_PER_MINUTE },
    async latest(now) {
      // Twice the staleness window back: enough to find the newest value past holidays and '.' days.
      const from = (id: string) => now - 2 * Math.max(seriesSpec(`fred.${id}`).staleAfterMs, 7 * DAY);
      return newestPerSeries(await fetchAll(from, now, now));
    },
    async history(range: TimeRange, now) {
      if (range.to < range.from) return { observations: [], headlines: [], skipped: [] };
      return withinRange(await fetchAll(() => range.from, range.to, now), range.from, range.to);
    },
    health: () =>
      probeHealth(async () => {
        const r = await fetchSeries('DGS10', Date.now() - 14 * DAY, Date.now(), Date.now());
        return `${key ? 'JSON API' : 'CSV download'} answers (${r.observations.length} DGS10 values in 14 days)`;
      }),
  };
}
