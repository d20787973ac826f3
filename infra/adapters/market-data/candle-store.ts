// The Candle table: idempotent bulk upserts (INSERT ... ON CONFLICT DO UPDATE), range reads and
// per-series coverage. Values travel as text and are cast to numeric so no digit is lost to float8.
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import type { SeriesKey } from '../../../core/candles/series-key';
import { timeframeToMs } from '../../../core/exchange/timeframe';
import type { OHLCVRow } from '../../../core/exchange/types';
import { Prisma, type PrismaClient } from '../db';
import { findGaps, type CandleGap } from './gaps';

export type { SeriesKey };

export interface SeriesCoverage extends SeriesKey {
  first: number;
  last: number;
  count: number;
  gaps: CandleGap[];
}

type Db = PrismaClient | Prisma.TransactionClient;

const BATCH = 1000; // 9 parameters a row keeps a batch well under PostgreSQL's 65535

export async function upsertCandles(db: Db, key: SeriesKey, rows: OHLCVRow[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows
      .slice(i, i + BATCH)
      .map(
        (r) =>
          Prisma.sql`(${key.exchange}, ${key.symbol}, ${key.timeframe}, ${new Date(r[0])}, ${String(r[1])}::numeric, ${String(r[2])}::numeric, ${String(r[3])}::numeric, ${String(r[4])}::numeric, ${String(r[5])}::numeric)`,
      );
    written += await db.$executeRaw`
      INSERT INTO candles (exchange, symbol, timeframe, time, open, high, low, close, volume)
      VALUES ${Prisma.join(values)}
      ON CONFLICT (exchange, symbol, timeframe, time) DO UPDATE
      SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume`;
  }
  return written;
}

/** A time range in UTC ms, both ends inclusive; an absent end is open. */
export interface CandleRange {
  from?: number;
  to?: number;
}

interface SeriesRow {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

const rangeSql = (r: CandleRange) =>
  Prisma.sql`${r.from !== undefined ? Prisma.sql`AND time >= ${new Date(r.from)}` : Prisma.empty} ${r.to !== undefined ? Prisma.sql`AND time <= ${new Date(r.to)}` : Prisma.empty}`;

/**
 * The one candle reader: numbers cast to float8 in PostgreSQL (each the double nearest the stored
 * numeric, as Number() of it would be, without a Decimal object per cell), straight into a CandleSeries.
 */
export async function readCandleSeries(db: Db, key: SeriesKey, range: CandleRange = {}): Promise<CandleSeries> {
  const rows = await db.$queryRaw<SeriesRow[]>`
    SELECT (extract(epoch FROM time) * 1000)::float8 AS t, open::float8 AS o, high::float8 AS h, low::float8 AS l, close::float8 AS c, volume::float8 AS v
    FROM candles
    WHERE exchange = ${key.exchange} AND symbol = ${key.symbol} AND timeframe = ${key.timeframe} ${rangeSql(range)}
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

/** The same candles as rows (`[time, open, high, low, close, volume]`), for exports and row-wise checks. */
export async function readCandles(db: Db, key: SeriesKey, from?: number, to?: number): Promise<OHLCVRow[]> {
  const s = await readCandleSeries(db, key, { from, to });
  const rows: OHLCVRow[] = new Array(s.length);
  for (let i = 0; i < s.length; i++) rows[i] = [s.time[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]];
  return rows;
}

export async function countCandles(db: Db, key: SeriesKey, range: CandleRange): Promise<number> {
  return db.candle.count({
    where: {
      ...key,
      time: {
        ...(range.from !== undefined ? { gte: new Date(range.from) } : {}),
        ...(range.to !== undefined ? { lte: new Date(range.to) } : {}),
      },
    },
  });
}

export async function lastCandleTime(db: Db, key: SeriesKey): Promise<number | undefined> {
  const row = await db.candle.findFirst({ where: key, orderBy: { time: 'desc' }, select: { time: true } });
  return row?.time.getTime();
}

async function seriesGaps(db: Db, key: SeriesKey, tfMs: number): Promise<CandleGap[]> {
  // Only the rows next to a hole come back, so this stays cheap on long series.
  const rows = await db.$queryRaw<{ prev: Date; time: Date }[]>`
    SELECT prev, time FROM (
      SELECT time, lag(time) OVER (ORDER BY time) AS prev FROM candles
      WHERE exchange = ${key.exchange} AND symbol = ${key.symbol} AND timeframe = ${key.timeframe}
    ) t
    WHERE prev IS NOT NULL AND time - prev > make_interval(secs => ${tfMs / 1000}::double precision)
    ORDER BY time`;
  return rows.flatMap((r) => findGaps([r.prev.getTime(), r.time.getTime()], tfMs));
}

export async function listCoverage(db: Db, filter: Partial<SeriesKey> = {}): Promise<SeriesCoverage[]> {
  const groups = await db.candle.groupBy({
    by: ['exchange', 'symbol', 'timeframe'],
    where: filter,
    _min: { time: true },
    _max: { time: true },
    _count: { _all: true },
    orderBy: [{ exchange: 'asc' }, { symbol: 'asc' }, { timeframe: 'asc' }],
  });
  const out: SeriesCoverage[] = [];
  for (const g of groups) {
    const key = { exchange: g.exchange, symbol: g.symbol, timeframe: g.timeframe };
    let gaps: CandleGap[] = [];
    try {
      gaps = await seriesGaps(db, key, timeframeToMs(g.timeframe));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e; // a timeframe we cannot measure has no gap notion
    }
    out.push({ ...key, first: g._min.time!.getTime(), last: g._max.time!.getTime(), count: g._count._all, gaps });
  }
  return out;
}
