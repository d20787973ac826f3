// Downloads OHLCV from any ExchangePlugin into the Candle table: page by page, retrying retryable
// venue errors with backoff, only closed candles, idempotently (a re-run rewrites the same rows).
import { timeframeToMs } from '../../../core/exchange/timeframe';
import { ExchangeError, type ExchangePlugin } from '../../../core/exchange/types';
import type { PrismaClient } from '../db';
import { withRetry } from '../exchange/retry';
import { lastCandleTime, listCoverage, upsertCandles } from './candle-store';
import type { CandleGap } from './gaps';

export interface SyncProgress {
  /** Open time of the newest candle stored so far. */
  at: number;
  since: number;
  until: number;
  candles: number;
}

export interface SyncOptions {
  prisma: PrismaClient;
  exchange: ExchangePlugin;
  symbol: string;
  timeframe: string;
  /** Start (UTC ms). Omitted: continue after the newest stored candle (incremental sync). */
  since?: number;
  /** End, exclusive (UTC ms). Omitted: up to the venue's clock. */
  until?: number;
  pageSize?: number;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncResult {
  exchange: string;
  symbol: string;
  timeframe: string;
  /** The requested range [since, until) (until capped at the venue's clock). */
  since: number;
  until: number;
  /** Open times of the first and last candle actually fetched and stored (absent when none were). */
  first?: number;
  last?: number;
  fetched: number;
  pages: number;
  /** Holes that remain in the whole stored series after this sync. */
  gaps: CandleGap[];
}

/** Checks the symbol and timeframe against the venue, with the valid options in the message. */
export async function assertSeriesSupported(
  exchange: ExchangePlugin,
  symbol: string,
  timeframe: string,
): Promise<void> {
  const markets = await exchange.loadMarkets();
  if (!markets[symbol]) {
    const valid = Object.keys(markets);
    const shown = valid.length > 30 ? `${valid.slice(0, 30).join(', ')} … (${valid.length} in all)` : valid.join(', ');
    throw new ExchangeError(
      'bad_symbol',
      exchange.id,
      `unknown symbol "${symbol}" on ${exchange.id}; valid symbols: ${shown}`,
    );
  }
  const timeframes = exchange.timeframes();
  if (!timeframes.includes(timeframe)) {
    throw new ExchangeError(
      'not_supported',
      exchange.id,
      `unsupported timeframe "${timeframe}" on ${exchange.id}; valid timeframes: ${timeframes.join(', ')}`,
    );
  }
}

export async function syncCandles(opts: SyncOptions): Promise<SyncResult> {
  const { prisma, exchange, symbol, timeframe } = opts;
  await assertSeriesSupported(exchange, symbol, timeframe);
  const tfMs = timeframeToMs(timeframe);
  const key = { exchange: exchange.id, symbol, timeframe };
  const retry = <T>(fn: () => Promise<T>) =>
    withRetry(fn, { attempts: 5, baseDelayMs: 250, maxDelayMs: 5_000, ...opts.retry });
  const now = await retry(() => exchange.fetchTime());
  const stored = opts.since === undefined ? await lastCandleTime(prisma, key) : undefined;
  const since = opts.since ?? (stored !== undefined ? stored + tfMs : now - 1000 * tfMs);
  const until = Math.min(opts.until ?? Number.POSITIVE_INFINITY, now);
  if (!(since >= 0)) throw new RangeError(`since must be a UTC time in ms, got ${since}`);
  const pageSize = opts.pageSize ?? 1000;
  let cursor = Math.ceil(since / tfMs) * tfMs;
  let fetched = 0;
  let pages = 0;
  let first: number | undefined;
  let last: number | undefined;
  while (cursor < until) {
    const page = await retry(() => exchange.fetchOHLCV(symbol, timeframe, cursor, pageSize));
    pages += 1;
    // Only closed candles in [cursor, until): the forming candle would be stored with a wrong close.
    const rows = page.filter((r) => r[0] >= cursor && r[0] < until && r[0] + tfMs <= now);
    if (rows.length > 0) {
      await upsertCandles(prisma, key, rows);
      fetched += rows.length;
      first ??= rows[0][0];
      last = rows[rows.length - 1][0];
      cursor = rows[rows.length - 1][0] + tfMs;
      opts.onProgress?.({ at: rows[rows.length - 1][0], since, until, candles: fetched });
    }
    const newest = page.length > 0 ? page[page.length - 1][0] : undefined;
    if (rows.length === 0) {
      // Nothing usable here: a venue-side hole. Jump past it if the venue has later candles.
      if (newest === undefined || newest < cursor) break;
      cursor = newest + tfMs;
    }
  }
  const [coverage] = await listCoverage(prisma, key);
  return {
    ...key,
    since,
    until,
    ...(first !== undefined ? { first, last } : {}),
    fetched,
    pages,
    gaps: coverage?.gaps ?? [],
  };
}

/** Re-downloads each hole in the stored series; returns the holes the venue could not fill. */
export async function backfillGaps(
  opts: Omit<SyncOptions, 'since' | 'until'>,
): Promise<{ filled: number; remaining: CandleGap[] }> {
  const key = { exchange: opts.exchange.id, symbol: opts.symbol, timeframe: opts.timeframe };
  const [coverage] = await listCoverage(opts.prisma, key);
  let filled = 0;
  for (const gap of coverage?.gaps ?? []) {
    const r = await syncCandles({ ...opts, since: gap.from, until: gap.to + timeframeToMs(opts.timeframe) });
    filled += r.fetched;
  }
  const [after] = await listCoverage(opts.prisma, key);
  return { filled, remaining: after?.gaps ?? [] };
}
