// The Candle table: idempotent bulk upserts (INSERT ... ON CONFLICT DO UPDATE), range reads and
// per-series coverage. Values travel as text and are cast to numeric so no digit is lost to float8.
import { timeframeToMs } from '../../../core/exchange/timeframe';
import type { OHLCVRow } from '../../../core/exchange/types';
import { Prisma, type PrismaClient } from '../db';
import { findGaps, type CandleGap } from './gaps';

export interface SeriesKey {
  exchange: string;
  symbol: string;
  timeframe: string;
}

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
    const values = rows.slice(i, i + BATCH).map(
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

export async function readCandles(db: Db, key: SeriesKey, from?: number, to?: number): Promise<OHLCVRow[]> {
  const rows = await db.candle.findMany({
    where: { ...key, time: { ...(from !== undefined ? { gte: new Date(from) } : {}), ...(to !== undefined ? { lte: new Date(to) } : {}) } },
    orderBy: { time: 'asc' },
  });
  return rows.map((r) => [r.time.getTime(), Number(r.open), Number(r.high), Number(r.low), Number(r.close), Number(r.volume)]);
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
