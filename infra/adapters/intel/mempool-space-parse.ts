// mempool.space's answers as observations. Its readings are instants (no history in this form), so
// every value is observed at the fetch minute and known at once.
import type { FetchResult } from '../../../core/intel/observation';
import { ProviderError } from './provider-error';
import { createPointCollector, fetchResultOf, show } from './point-collector';

const MINUTE = 60_000;

/** The reading's instant: the fetch time rounded down to the minute, so two fetches a second apart agree. */
export const mempoolObservedAt = (now: number) => Math.floor(now / MINUTE) * MINUTE;

const objectOrMalformed = (body: unknown, path: string): Record<string, unknown> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ProviderError('mempool', 'malformed', `${path} is not a JSON object: ${show(body)}`);
  return body as Record<string, unknown>;
};

/** GET /api/v1/fees/recommended → fastestFee and hourFee in sat/vB. */
export function parseMempoolFees(body: unknown, now: number): FetchResult {
  const o = objectOrMalformed(body, '/api/v1/fees/recommended');
  const c = createPointCollector(now);
  const at = mempoolObservedAt(now);
  c.add('mempool.fee_fastest', at, o.fastestFee, 'mempool.fee_fastest (fastestFee)');
  c.add('mempool.fee_hour', at, o.hourFee, 'mempool.fee_hour (hourFee)');
  return fetchResultOf(c);
}

/** GET /api/mempool → vsize (stored in vMB) and count. */
export function parseMempoolStats(body: unknown, now: number): FetchResult {
  const o = objectOrMalformed(body, '/api/mempool');
  const c = createPointCollector(now);
  const at = mempoolObservedAt(now);
  const vsize = o.vsize;
  c.add('mempool.vsize', at, typeof vsize === 'number' ? vsize / 1e6 : vsize, 'mempool.vsize (vsize)');
  c.add('mempool.tx_count', at, o.count, 'mempool.tx_count (count)');
  return fetchResultOf(c);
}

/** GET /api/blocks/tip/height → a plain-text integer. */
export function parseBlockHeight(text: string, now: number): FetchResult {
  const c = createPointCollector(now);
  const s = text.trim();
  const height = /^\d+$/.test(s) ? Number(s) : s;
  c.add('mempool.block_height', mempoolObservedAt(now), height, 'mempool.block_height (/api/blocks/tip/height)');
  return fetchResultOf(c);
}
