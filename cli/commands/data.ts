import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CandleDataError } from '../../core/candles/candle-error';
import { timeframeToMs } from '../../core/exchange/timeframe';
import { resolveEndpoints } from '../../infra/stack/config/endpoints';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { createPrisma, redactDatabaseUrl, type PrismaClient } from '../../infra/adapters/db';
import { NotFoundError, RefusedError, UnavailableError, ValidationError } from '../../core/errors';
import { isKnownExchangeId } from '../../infra/adapters/exchange/plugin-catalog';
import {
  exportCandles,
  formatFromName,
  importCandles,
  listCoverage,
  type CandleFileFormat,
  type SyncProgress,
} from '../../infra/adapters/market-data';
import { openMarketDataSource } from '../../infra/adapters/market-data/open-source';
import { syncCandles, type SyncResult } from '../../infra/adapters/market-data/sync-candles';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';
import { progress } from '../util/progress';
import { registerDataCalendarCommand } from './data-calendar';
import { registerDataIntelCommand } from './data-intel';

const TIMEFRAME_EXAMPLES = '1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 1w';

/** `--since 2026-01-01`, `--since 2026-01-01T12:00:00Z` or UTC milliseconds. */
export function parseTimeOption(text: string, flag: string): number {
  const t = /^\d+$/.test(text.trim()) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(t))
    throw new ValidationError(`${flag} "${text}" is not a time`, {
      hint: 'use an ISO date like 2026-01-01 or 2026-01-01T12:00:00Z, or UTC milliseconds',
    });
  return t;
}

function checkExchangeId(id: string): void {
  if (!isKnownExchangeId(id))
    throw new RefusedError(`unknown exchange id "${id}"`, {
      hint: 'run `opentrade plugin list` to see every valid id, or use "sim" for the offline market',
    });
}

function checkTimeframe(tf: string): void {
  try {
    timeframeToMs(tf);
  } catch {
    throw new RefusedError(`unsupported timeframe "${tf}"`, {
      hint: `valid timeframes look like: ${TIMEFRAME_EXAMPLES}`,
    });
  }
}

export async function withDatabase<T>(fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const config = existsSync(configPath()) ? loadConfig() : undefined;
  const url = resolveEndpoints(config).databaseUrl;
  const prisma = createPrisma(url);
  try {
    try {
      await prisma.$queryRaw`SELECT 1`;
    } catch (e) {
      // Prisma wraps the driver's reason in a multi-line banner; keep only the reason.
      const text = String((e as Error).message ?? e);
      const reason = /Message: `([^`]*)`/.exec(text)?.[1] ?? text.trim().split('\n').pop();
      throw new UnavailableError('PostgreSQL', `cannot reach PostgreSQL at ${redactDatabaseUrl(url)}: ${reason}`, {
        hint: 'start the stack with `opentrade up` or set DATABASE_URL',
      });
    }
    return await fn(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

/** A download's progress: how far through the requested range its pages have come. */
function downloadProgress(): { onProgress: (p: SyncProgress) => void; done: () => void } {
  const bar = progress(process.stderr);
  return {
    onProgress: (p) =>
      bar.update((p.at - p.since) / Math.max(1, p.until - p.since), `${p.candles} candles, at ${iso(p.at)}`),
    done: () => bar.done(),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** What a download stored: the first and last candle really fetched, not the requested range. */
export function downloadSummary(r: SyncResult): string[] {
  const head = `${r.exchange} ${r.symbol} ${r.timeframe}`;
  const requests = `${r.pages} request${r.pages === 1 ? '' : 's'}`;
  if (r.first === undefined || r.last === undefined)
    return [`${head}: no closed candles between ${iso(r.since)} and ${iso(r.until)} (${requests})`];
  const lines = [
    `${head}: stored ${r.fetched} candles, first ${iso(r.first)}, last ${iso(r.last)} (open times; ${requests})`,
  ];
  const tfMs = timeframeToMs(r.timeframe);
  const asked = Math.ceil(r.since / tfMs) * tfMs;
  if (r.first > asked)
    lines.push(
      `the venue has no candles from ${iso(r.since)} to ${iso(r.first)}: the stored range starts at ${iso(r.first)}`,
    );
  return lines;
}

export function registerDataCommand(program: Command): void {
  const data = program
    .command('data')
    .description('candles and market intelligence in PostgreSQL: download, import, export, coverage, intel, calendar');
  registerDataIntelCommand(data);
  registerDataCalendarCommand(data);

  data
    .command('download')
    .description(
      'download OHLCV candles from an exchange (or the offline sim market) into the database; re-runs are idempotent',
    )
    .requiredOption('--exchange <id>', 'ccxt exchange id, or "sim"')
    .requiredOption('--symbol <symbol>', 'unified symbol, e.g. BTC/USDT or BTC/USDT:USDT')
    .requiredOption('--timeframe <tf>', `candle timeframe (${TIMEFRAME_EXAMPLES})`)
    .requiredOption('--since <time>', 'start: ISO date/time or UTC ms')
    .option('--until <time>', 'end (exclusive): ISO date/time or UTC ms; default now')
    .option('--json', 'print the result as JSON')
    .action(
      runAction(
        async (opts: {
          exchange: string;
          symbol: string;
          timeframe: string;
          since: string;
          until?: string;
          json?: boolean;
        }) => {
          checkExchangeId(opts.exchange);
          checkTimeframe(opts.timeframe);
          const since = parseTimeOption(opts.since, '--since');
          const until = opts.until !== undefined ? parseTimeOption(opts.until, '--until') : undefined;
          if (until !== undefined && until <= since)
            throw new ValidationError(`--until ${iso(until)} is not after --since ${iso(since)}`);
          const exchange = await openMarketDataSource(opts.exchange, opts.symbol);
          const shown = downloadProgress();
          try {
            const r = await withDatabase((prisma) =>
              syncCandles({
                prisma,
                exchange,
                symbol: opts.symbol,
                timeframe: opts.timeframe,
                since,
                until,
                onProgress: shown.onProgress,
              }),
            );
            shown.done();
            if (opts.json) return printJson(r);
            for (const line of downloadSummary(r)) printLine(line);
            printLine(
              r.gaps.length
                ? `gaps in the stored series: ${r.gaps.map((g) => `${iso(g.from)}..${iso(g.to)} (${g.missing})`).join(', ')}`
                : 'no gaps in the stored series',
            );
          } finally {
            await exchange.close();
          }
        },
      ),
    );

  data
    .command('import <file>')
    .description(
      'import candles from CSV (header timestamp,open,high,low,close,volume) or JSON; every row is checked first, nothing is written if one is bad',
    )
    .requiredOption('--exchange <id>', 'exchange the candles belong to')
    .requiredOption('--symbol <symbol>', 'unified symbol')
    .requiredOption('--timeframe <tf>', 'candle timeframe')
    .option('--format <format>', 'csv or json (default: from the file extension)')
    .action(
      runAction(
        async (file: string, opts: { exchange: string; symbol: string; timeframe: string; format?: string }) => {
          checkExchangeId(opts.exchange);
          checkTimeframe(opts.timeframe);
          if (opts.format && opts.format !== 'csv' && opts.format !== 'json')
            throw new ValidationError(`--format "${opts.format}" is not csv or json`);
          if (!existsSync(file)) throw new NotFoundError(`file not found: ${file}`);
          const format = (opts.format as CandleFileFormat | undefined) ?? formatFromName(file);
          const text = readFileSync(file, 'utf8');
          const r = await withDatabase((prisma) =>
            importCandles(
              prisma,
              { exchange: opts.exchange, symbol: opts.symbol, timeframe: opts.timeframe },
              text,
              format,
            ),
          ).catch((e: Error) => {
            if (e instanceof CandleDataError)
              throw new ValidationError(`${file} ${e.message}; nothing was imported`, { cause: e });
            throw e;
          });
          printLine(
            `imported ${r.imported} candles ${opts.exchange} ${opts.symbol} ${opts.timeframe} from ${iso(r.first)} to ${iso(r.last)}`,
          );
        },
      ),
    );

  data
    .command('export')
    .description('export stored candles as CSV or JSON')
    .requiredOption('--exchange <id>', 'exchange id')
    .requiredOption('--symbol <symbol>', 'unified symbol')
    .requiredOption('--timeframe <tf>', 'candle timeframe')
    .option('--from <time>', 'first candle open time (inclusive)')
    .option('--to <time>', 'last candle open time (inclusive)')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(
      runAction(
        async (opts: {
          exchange: string;
          symbol: string;
          timeframe: string;
          from?: string;
          to?: string;
          format: string;
          out?: string;
        }) => {
          checkExchangeId(opts.exchange);
          checkTimeframe(opts.timeframe);
          if (opts.format !== 'csv' && opts.format !== 'json')
            throw new ValidationError(`--format "${opts.format}" is not csv or json`);
          const from = opts.from !== undefined ? parseTimeOption(opts.from, '--from') : undefined;
          const to = opts.to !== undefined ? parseTimeOption(opts.to, '--to') : undefined;
          const key = { exchange: opts.exchange, symbol: opts.symbol, timeframe: opts.timeframe };
          const r = await withDatabase((prisma) =>
            exportCandles(prisma, key, opts.format as CandleFileFormat, from, to),
          );
          if (r.count === 0) {
            throw new NotFoundError(
              `no candles stored for ${opts.exchange} ${opts.symbol} ${opts.timeframe}${from !== undefined || to !== undefined ? ' in that range' : ''}`,
              { hint: 'see `opentrade data list`, or fetch them with `opentrade data download`' },
            );
          }
          if (opts.out) {
            writeFileSync(opts.out, r.text);
            process.stderr.write(`wrote ${r.count} candles to ${opts.out}\n`);
          } else process.stdout.write(r.text);
        },
      ),
    );

  data
    .command('list')
    .description('stored candle series with their coverage and gaps')
    .option('--json', 'print [{exchange, symbol, timeframe, first, last, count, gaps:[{from, to, missing}]}]')
    .action(
      runAction(async (opts: { json?: boolean }) => {
        const coverage = await withDatabase((prisma) => listCoverage(prisma));
        if (opts.json) return printJson(coverage);
        if (coverage.length === 0)
          return printLine(
            'no candles stored yet: opentrade data download --exchange sim --symbol BTC/USDT --timeframe 1m --since 2026-01-01',
          );
        for (const c of coverage) {
          const gaps =
            c.gaps.length === 0
              ? 'no gaps'
              : `${c.gaps.length} gaps (${c.gaps.reduce((s, g) => s + g.missing, 0)} candles missing)`;
          printLine(
            `${c.exchange.padEnd(12)} ${c.symbol.padEnd(16)} ${c.timeframe.padEnd(4)} ${iso(c.first)} .. ${iso(c.last)}  ${String(c.count).padStart(8)} candles  ${gaps}`,
          );
        }
      }),
    );
}
