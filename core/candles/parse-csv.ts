import { CandleDataError } from './candle-error';
import { parseCandleTime } from './parse-time';
import { allocateCandleSeries, type CandleSeries } from './series';
import { validateCandle } from './validate-candle';

export const CSV_HEADER = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
const TIME_ALIASES = new Set(['timestamp', 'time', 'date', 'datetime']);

function parseNumber(text: string, field: string, where: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new CandleDataError(where, `${field} "${t}" is not a finite number`);
  return v;
}

/**
 * Parses `timestamp,open,high,low,close,volume` CSV (header required, columns in that order;
 * `time`/`date` accepted for the first column). Blank lines are skipped. Errors name the 1-based line.
 */
export function parseCandlesCsv(text: string): CandleSeries {
  const lines = text.split(/\r?\n/);
  let headerLine = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '') {
      headerLine = i;
      break;
    }
  }
  if (headerLine < 0) throw new CandleDataError('input', 'no candles: the file is empty');
  const header = lines[headerLine].split(',').map((h) => h.trim().toLowerCase());
  const expected = CSV_HEADER.join(',');
  if (
    header.length !== 6 ||
    !TIME_ALIASES.has(header[0]) ||
    header.slice(1).join(',') !== CSV_HEADER.slice(1).join(',')
  ) {
    throw new CandleDataError(`line ${headerLine + 1}`, `header "${lines[headerLine].trim()}" should be "${expected}"`);
  }
  const rows: number[] = [];
  for (let i = headerLine + 1; i < lines.length; i++) if (lines[i].trim() !== '') rows.push(i);
  if (rows.length === 0) throw new CandleDataError('input', 'no candles after the header');

  const s = allocateCandleSeries(rows.length);
  let prev: number | undefined;
  for (let r = 0; r < rows.length; r++) {
    const where = `line ${rows[r] + 1}`;
    const cells = lines[rows[r]].split(',');
    if (cells.length !== 6)
      throw new CandleDataError(where, `expected 6 comma-separated values, found ${cells.length}`);
    const time = parseCandleTime(cells[0]);
    if (!Number.isFinite(time))
      throw new CandleDataError(where, `timestamp "${cells[0].trim()}" is neither UTC milliseconds nor an ISO time`);
    const c = {
      time,
      open: parseNumber(cells[1], 'open', where),
      high: parseNumber(cells[2], 'high', where),
      low: parseNumber(cells[3], 'low', where),
      close: parseNumber(cells[4], 'close', where),
      volume: parseNumber(cells[5], 'volume', where),
    };
    validateCandle(c, prev, where);
    prev = time;
    s.time[r] = c.time;
    s.open[r] = c.open;
    s.high[r] = c.high;
    s.low[r] = c.low;
    s.close[r] = c.close;
    s.volume[r] = c.volume;
  }
  return s;
}
