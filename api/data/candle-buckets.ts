// OHLC bars for a chart straight from the Candle table, merged in SQL into at most `max` buckets
// (a year of 1m candles never leaves the database whole).
import type { Sql } from '../../infra/adapters/db/sql';

export interface OhlcBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export async function candleBuckets(
  sql: Sql,
  key: { exchange: string; symbol: string; timeframe: string; from: Date; to: Date },
  max: number,
): Promise<OhlcBar[]> {
  const rows = await sql.query<{ t: number; o: number; h: number; l: number; c: number }>(
    `WITH c AS (
       SELECT time, open, high, low, close, ((row_number() OVER (ORDER BY time) - 1) * $6::bigint) / count(*) OVER () AS b
       FROM candles WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND time >= $4 AND time <= $5)
     SELECT (extract(epoch FROM min(time)) * 1000)::float8 AS t, (array_agg(open ORDER BY time))[1]::float8 AS o, max(high)::float8 AS h,
            min(low)::float8 AS l, (array_agg(close ORDER BY time DESC))[1]::float8 AS c
     FROM c GROUP BY b ORDER BY b`,
    [key.exchange, key.symbol, key.timeframe, key.from, key.to, max],
  );
  return rows.map((r) => ({
    time: Number(r.t),
    open: Number(r.o),
    high: Number(r.h),
    low: Number(r.l),
    close: Number(r.c),
  }));
}
