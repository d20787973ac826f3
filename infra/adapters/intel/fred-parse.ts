// FRED's two answers as observations: the JSON API's observations (string values) and the keyless
// fredgraph.csv download. "." (and, in newer CSV files, an empty cell) means no value that day: a
// skipped item 'missing value', never a zero. Dates are calendar days (a monthly series its month's
// first day), observed at 00:00 UTC and known the series' publication lag later.
import type { FetchResult } from '../../../core/intel/observation';
import type { SeriesId } from '../../../core/intel/series';
import { ProviderError } from './provider-error';
import { createPointCollector, fetchResultOf, show, type PointCollector } from './point-collector';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** `yyyy-mm-dd` at 00:00 UTC; anything else is not a date (NaN, which the collector skips). */
export function fredDateMs(date: unknown): unknown {
  if (typeof date !== 'string') return date;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!m) return date;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2024-02-31 over into March: refuse it instead.
  return new Date(ms).toISOString().slice(0, 10) === date.trim() ? ms : date;
}

function addValue(c: PointCollector, seriesId: SeriesId, date: unknown, raw: unknown, what: string): void {
  const s = typeof raw === 'string' ? raw.trim() : raw;
  if (s === '.' || s === '') return c.skip(what, 'missing value');
  const value = typeof s === 'string' && NUMBER.test(s) ? Number(s) : s;
  c.add(seriesId, fredDateMs(date), value, what);
}

/** GET {apiUrl}/fred/series/observations?…&file_type=json. */
export function parseFredJson(body: unknown, seriesId: SeriesId, now: number): FetchResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ProviderError('fred', 'malformed', `observations of ${seriesId} are not a JSON object: ${show(body)}`);
  const obs = (body as { observations?: unknown }).observations;
  if (!Array.isArray(obs))
    throw new ProviderError('fred', 'malformed', `answer for ${seriesId} has no observations array: ${show(obs)}`);
  const c = createPointCollector(now);
  obs.forEach((o: unknown, i) => {
    const what = `${seriesId} observations[${i}]`;
    if (typeof o !== 'object' || o === null) return c.skip(what, `entry is not an object: ${show(o)}`);
    const { date, value } = o as { date?: unknown; value?: unknown };
    addValue(c, seriesId, date, value, `${what} ${typeof date === 'string' ? date : ''}`.trim());
  });
  return fetchResultOf(c);
}

/** GET {csvUrl}/graph/fredgraph.csv?id=…: a header `observation_date,ID` (older files: `DATE,ID`), then rows. */
export function parseFredCsv(text: string, seriesId: SeriesId, fredId: string, now: number): FetchResult {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (header.length !== 2 || !['observation_date', 'DATE'].includes(header[0]) || header[1] !== fredId)
    throw new ProviderError(
      'fred',
      'malformed',
      `fredgraph.csv for ${fredId} has header ${show(lines[0] ?? '')}, not "observation_date,${fredId}"`,
    );
  const c = createPointCollector(now);
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    const what = `${seriesId} row ${i + 2} ${cells[0]?.trim() ?? ''}`.trim();
    if (cells.length !== 2) return c.skip(what, `row is not "date,value": ${show(line)}`);
    addValue(c, seriesId, cells[0].trim(), cells[1], what);
  });
  return fetchResultOf(c);
}
