/** One candle; time = UTC milliseconds of the candle's open. */
export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Bulk candles as a struct of typed arrays: the engine and indicators loop over these, never over objects. */
export interface CandleSeries {
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export function allocateCandleSeries(length: number): CandleSeries {
  return {
    length,
    time: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

export function candleSeriesFromCandles(candles: readonly Candle[]): CandleSeries {
  const s = allocateCandleSeries(candles.length);
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    s.time[i] = c.time;
    s.open[i] = c.open;
    s.high[i] = c.high;
    s.low[i] = c.low;
    s.close[i] = c.close;
    s.volume[i] = c.volume;
  }
  return s;
}

/** Candles [a, b) as views (no copy). */
export function candleSeriesSlice(series: CandleSeries, a: number, b: number): CandleSeries {
  return {
    length: b - a,
    time: series.time.subarray(a, b),
    open: series.open.subarray(a, b),
    high: series.high.subarray(a, b),
    low: series.low.subarray(a, b),
    close: series.close.subarray(a, b),
    volume: series.volume.subarray(a, b),
  };
}

/** ccxt-style rows `[time, open, high, low, close, volume]` as a series (copied into typed arrays). */
export function candleSeriesFromRows(rows: readonly (readonly number[])[]): CandleSeries {
  const s = allocateCandleSeries(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    s.time[i] = r[0];
    s.open[i] = r[1];
    s.high[i] = r[2];
    s.low[i] = r[3];
    s.close[i] = r[4];
    s.volume[i] = r[5];
  }
  return s;
}

/** The first `length` candles as views (no copy): what a strategy may see at candle length-1. */
export function candleSeriesPrefix(series: CandleSeries, length: number): CandleSeries {
  if (length < 0 || length > series.length) throw new RangeError(`prefix length ${length} outside 0..${series.length}`);
  return candleSeriesSlice(series, 0, length);
}

export function candleAt(series: CandleSeries, i: number): Candle {
  return {
    time: series.time[i],
    open: series.open[i],
    high: series.high[i],
    low: series.low[i],
    close: series.close[i],
    volume: series.volume[i],
  };
}

/** The candles with from <= time <= to (either bound optional), as views (no copy). */
export function candleSeriesBetween(series: CandleSeries, from?: number, to?: number): CandleSeries {
  let a = 0;
  let b = series.length;
  if (from !== undefined) while (a < b && series.time[a] < from) a++;
  if (to !== undefined) while (b > a && series.time[b - 1] > to) b--;
  if (a === 0 && b === series.length) return series;
  return candleSeriesSlice(series, a, b);
}
