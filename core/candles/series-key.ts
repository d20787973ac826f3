/** Which candle series: one venue, one market, one timeframe. */
export interface SeriesKey {
  exchange: string;
  symbol: string;
  timeframe: string;
}
