import { candleSeriesFromRows, type CandleSeries } from '../candles';

/**
 * Groups base candles into candles of `factor` × the base timeframe, aligned to multiples of the
 * target timeframe in UTC. Only complete groups are returned: a partial bucket would leak nothing
 * but would not be a closed candle either.
 */
export function aggregateCandles(base: CandleSeries, baseMs: number, targetMs: number): CandleSeries {
  if (targetMs % baseMs !== 0)
    throw new RangeError(`timeframe ${targetMs} ms is not a multiple of the base ${baseMs} ms`);
  const factor = targetMs / baseMs;
  if (factor === 1) return base;
  const rows: number[][] = [];
  let i = 0;
  while (i < base.length) {
    const bucket = Math.floor(base.time[i] / targetMs) * targetMs;
    let j = i;
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    while (j < base.length && base.time[j] < bucket + targetMs) {
      high = Math.max(high, base.high[j]);
      low = Math.min(low, base.low[j]);
      volume += base.volume[j];
      j++;
    }
    if (j - i === factor) rows.push([bucket, base.open[i], high, low, base.close[j - 1], volume]);
    i = j;
  }
  return candleSeriesFromRows(rows);
}
