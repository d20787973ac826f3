// CSV/JSON candle files in and out of the Candle table. An import validates every row before it
// writes anything, and writes all rows in one transaction: a bad file leaves the table untouched.
import { CandleDataError, parseCandlesCsv, parseCandlesJson, type CandleSeries } from '../../../core/candles';
import { timeframeToMs } from '../../../core/exchange/timeframe';
import type { OHLCVRow } from '../../../core/exchange/types';
import type { PrismaClient } from '../db';
import { readCandles, upsertCandles, type SeriesKey } from './candle-store';

export type CandleFileFormat = 'csv' | 'json';

export function formatFromName(file: string): CandleFileFormat {
  return /\.json$/i.test(file) ? 'json' : 'csv';
}

/** Parses and validates a candle file; errors name the line (CSV) or item (JSON). */
export function parseCandleFile(text: string, format: CandleFileFormat, timeframe: string): OHLCVRow[] {
  const series: CandleSeries = format === 'json' ? parseCandlesJson(text) : parseCandlesCsv(text);
  const tfMs = timeframeToMs(timeframe);
  const rows: OHLCVRow[] = [];
  for (let i = 0; i < series.length; i++) {
    // Candles of another timeframe would silently corrupt the series: their open times would not align.
    if (series.time[i] % tfMs !== 0) {
      throw new CandleDataError(
        `row ${i + 1}`,
        `time ${new Date(series.time[i]).toISOString()} is not the open of a ${timeframe} candle (not a multiple of ${tfMs} ms)`,
      );
    }
    rows.push([series.time[i], series.open[i], series.high[i], series.low[i], series.close[i], series.volume[i]]);
  }
  return rows;
}

export async function importCandles(
  prisma: PrismaClient,
  key: SeriesKey,
  text: string,
  format: CandleFileFormat,
): Promise<{ imported: number; first: number; last: number }> {
  const rows = parseCandleFile(text, format, key.timeframe);
  await prisma.$transaction(
    async (tx) => {
      await upsertCandles(tx, key, rows);
    },
    { timeout: 120_000 },
  );
  return { imported: rows.length, first: rows[0][0], last: rows[rows.length - 1][0] };
}

export function formatCandles(rows: OHLCVRow[], format: CandleFileFormat): string {
  if (format === 'json') {
    return (
      JSON.stringify(
        rows.map(([time, open, high, low, close, volume]) => ({ time, open, high, low, close, volume })),
        null,
        2,
      ) + '\n'
    );
  }
  return ['timestamp,open,high,low,close,volume', ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

export async function exportCandles(
  prisma: PrismaClient,
  key: SeriesKey,
  format: CandleFileFormat,
  from?: number,
  to?: number,
): Promise<{ text: string; count: number }> {
  const rows = await readCandles(prisma, key, from, to);
  return { text: formatCandles(rows, format), count: rows.length };
}
