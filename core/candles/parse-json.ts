import { CandleDataError } from './candle-error';
import { parseCandleTime } from './parse-time';
import { allocateCandleSeries, type Candle, type CandleSeries } from './series';
import { validateCandle } from './validate-candle';

function toNumber(v: unknown, field: string, where: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new CandleDataError(where, `${field} ${JSON.stringify(v)} is not a finite number`);
  return n;
}

function toTime(v: unknown, where: string): number {
  const t = typeof v === 'number' ? (Number.isInteger(v) ? v : NaN) : typeof v === 'string' ? parseCandleTime(v) : NaN;
  if (!Number.isFinite(t))
    throw new CandleDataError(where, `time ${JSON.stringify(v)} is neither UTC milliseconds nor an ISO time`);
  return t;
}

function readItem(item: unknown, where: string): Candle {
  if (Array.isArray(item)) {
    // ccxt's OHLCV row: [time, open, high, low, close, volume]
    if (item.length < 6)
      throw new CandleDataError(where, `expected [time, open, high, low, close, volume], got ${item.length} values`);
    return {
      time: toTime(item[0], where),
      open: toNumber(item[1], 'open', where),
      high: toNumber(item[2], 'high', where),
      low: toNumber(item[3], 'low', where),
      close: toNumber(item[4], 'close', where),
      volume: toNumber(item[5], 'volume', where),
    };
  }
  if (item === null || typeof item !== 'object') throw new CandleDataError(where, 'expected an object or an array');
  const o = item as Record<string, unknown>;
  const rawTime = o.time ?? o.timestamp;
  if (rawTime === undefined) throw new CandleDataError(where, 'missing "time" (or "timestamp")');
  return {
    time: toTime(rawTime, where),
    open: toNumber(o.open, 'open', where),
    high: toNumber(o.high, 'high', where),
    low: toNumber(o.low, 'low', where),
    close: toNumber(o.close, 'close', where),
    volume: toNumber(o.volume ?? 0, 'volume', where),
  };
}

/**
 * Parses candles from JSON: an array (or `{ candles: [...] }`) of `{time|timestamp, open, high, low,
 * close, volume}` objects or ccxt-style `[time, o, h, l, c, v]` rows. Errors name the 0-based item.
 */
export function parseCandlesJson(text: string): CandleSeries {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CandleDataError('input', `not valid JSON (${(e as Error).message})`);
  }
  const items = Array.isArray(data) ? data : (data as { candles?: unknown } | null)?.candles;
  if (!Array.isArray(items))
    throw new CandleDataError('input', 'expected a JSON array of candles or { "candles": [...] }');
  if (items.length === 0) throw new CandleDataError('input', 'no candles: the array is empty');
  const s = allocateCandleSeries(items.length);
  let prev: number | undefined;
  for (let i = 0; i < items.length; i++) {
    const where = `item ${i}`;
    const c = readItem(items[i], where);
    validateCandle(c, prev, where);
    prev = c.time;
    s.time[i] = c.time;
    s.open[i] = c.open;
    s.high[i] = c.high;
    s.low[i] = c.low;
    s.close[i] = c.close;
    s.volume[i] = c.volume;
  }
  return s;
}
