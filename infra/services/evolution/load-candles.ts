// Candle reads for evaluations: one SQL round trip, numbers cast to float8 in PostgreSQL (no
// Decimal objects per cell), straight into a CandleSeries.
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import type { TimeWindow } from '../../../core/optimizer/walk-forward';
import type { PrismaClient } from '../../adapters/db';

export interface CandleKey {
  exchange: string;
  symbol: string;
  timeframe: string;
}

interface Row {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

export async function loadCandleSeries(prisma: PrismaClient, key: CandleKey, w: TimeWindow): Promise<CandleSeries> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT (extract(epoch FROM time) * 1000)::float8 AS t, open::float8 AS o, high::float8 AS h, low::float8 AS l, close::float8 AS c, volume::float8 AS v
    FROM candles
    WHERE exchange = ${key.exchange} AND symbol = ${key.symbol} AND timeframe = ${key.timeframe}
      AND time >= ${new Date(w.from)} AND time < ${new Date(w.to)}
    ORDER BY time`;
  const s = allocateCandleSeries(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    s.time[i] = Math.round(Number(r.t));
    s.open[i] = Number(r.o);
    s.high[i] = Number(r.h);
    s.low[i] = Number(r.l);
    s.close[i] = Number(r.c);
    s.volume[i] = Number(r.v);
  }
  return s;
}

export async function countCandles(prisma: PrismaClient, key: CandleKey, w: TimeWindow): Promise<number> {
  return prisma.candle.count({ where: { ...key, time: { gte: new Date(w.from), lt: new Date(w.to) } } });
}
