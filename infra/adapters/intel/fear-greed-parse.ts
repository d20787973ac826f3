// alternative.me's Fear & Greed answer as observations. The API sends the index and its Unix-seconds
// timestamp as strings, newest first, and reports its own errors in metadata.error on a 200; a wrong
// shape overall is a ProviderError, one unusable day is a skipped item with the reason.
import { knownAtOf, type FetchResult, type Observation, type SkippedItem } from '../../../core/intel/observation';
import { seriesSpec } from '../../../core/intel/series';
import { FUTURE_TOLERANCE_MS, show } from './point-collector';
import { ProviderError } from './provider-error';

const SERIES = 'fear_greed.index';

/** "40" or 40, an integer 0..100; anything else is not an index value. */
function indexValue(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 100 ? n : undefined;
}

/** "1733270400" or 1733270400, Unix seconds, as UTC ms. */
function timestampMs(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,12}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n * 1000 : undefined;
}

/** GET /fng/?limit=N&format=json → fear_greed.index observations, oldest first. */
export function parseFearGreed(body: unknown, now: number): FetchResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ProviderError('fear_greed', 'malformed', `/fng/ answered ${show(body)}, not a JSON object`);
  const o = body as { data?: unknown; metadata?: { error?: unknown } };
  const apiError = o.metadata?.error;
  if (apiError !== undefined && apiError !== null)
    throw new ProviderError('fear_greed', 'malformed', `/fng/ reported an error: ${show(apiError)}`);
  if (!Array.isArray(o.data))
    throw new ProviderError('fear_greed', 'malformed', `/fng/ answered no data array (data: ${show(o.data)})`);

  const lag = seriesSpec(SERIES).publicationLagMs;
  const byDay = new Map<number, Observation>();
  const skipped: SkippedItem[] = [];
  o.data.forEach((item: unknown, i) => {
    const row = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const what = `${SERIES} data[${i}] (timestamp ${show(row.timestamp)})`;
    const at = timestampMs(row.timestamp);
    if (at === undefined)
      return void skipped.push({ what, reason: `timestamp is not Unix seconds: ${show(row.timestamp)}` });
    if (at > now + FUTURE_TOLERANCE_MS)
      return void skipped.push({ what, reason: `timestamp ${new Date(at).toISOString()} is in the future` });
    const value = indexValue(row.value);
    if (value === undefined)
      return void skipped.push({ what, reason: `value is not an integer 0..100: ${show(row.value)}` });
    // Newest first: a day listed twice keeps its first (latest) reading.
    if (!byDay.has(at)) byDay.set(at, { seriesId: SERIES, observedAt: at, knownAt: knownAtOf(at, lag, now), value });
  });
  const observations = [...byDay.values()].sort((a, b) => a.observedAt - b.observedAt);
  return { observations, headlines: [], skipped };
}
