// blockchain.com's chart answers ({status, name, unit, period, values: [{x: Unix seconds, y}]}) as
// observations of one series, each observed at its day's start and known a publication lag later.
import type { FetchResult } from '../../../core/intel/observation';
import type { SeriesId } from '../../../core/intel/series';
import { ProviderError } from './provider-error';
import { createPointCollector, fetchResultOf, show } from './point-collector';

export function parseBlockchainChart(body: unknown, seriesId: SeriesId, chart: string, now: number): FetchResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ProviderError('blockchain', 'malformed', `chart ${chart} is not a JSON object: ${show(body)}`);
  const o = body as Record<string, unknown>;
  if (o.status !== 'ok')
    throw new ProviderError('blockchain', 'malformed', `chart ${chart} answered status ${show(o.status)}, not "ok"`);
  if (!Array.isArray(o.values))
    throw new ProviderError('blockchain', 'malformed', `chart ${chart} has no values array: ${show(o.values)}`);
  const c = createPointCollector(now);
  o.values.forEach((v: unknown, i) => {
    const what = `${seriesId} values[${i}]`;
    if (typeof v !== 'object' || v === null) return c.skip(what, `entry is not an object: ${show(v)}`);
    const { x, y } = v as { x?: unknown; y?: unknown };
    c.add(seriesId, typeof x === 'number' ? x * 1000 : x, y, what);
  });
  return fetchResultOf(c);
}
