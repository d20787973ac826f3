// `opentrade backtest --local`: runs the in-process engine over candles from a CSV/JSON file or the
// Candle table and prints a report (or exactly one JSON object with --json).
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { backtestConfig, BacktestConfigError, type BacktestConfig } from '../../core/backtest/config';
import { formatBacktestReport } from '../../core/backtest/format-report';
import { backtestReport } from '../../core/backtest/report';
import { minimumCandles, runBacktest } from '../../core/backtest/run-backtest';
import { parseCandlesCsv } from '../../core/candles/parse-csv';
import { parseCandlesJson } from '../../core/candles/parse-json';
import { candleSeriesBetween, type CandleSeries } from '../../core/candles/series';
import { parseCandleTime } from '../../core/candles/parse-time';
import { timeframeToMs } from '../../core/candles/timeframe';
import { validateCandleSeries } from '../../core/candles/validate-candle';
import { resolveParams } from '../../core/strategies/resolve-params';
import { resolveStrategy } from '../../core/strategies/resolve-strategy';
import { RefusedError, ValidationError } from '../../core/errors';
import { MAX_TRAILING_STOP_PCT, trailingStopFlag } from '../../core/exits/trailing-stop';
import { runAction } from '../util/run-action';
import { BACKTEST_DECISION_MODES, type BacktestDecisionMode } from '../../core/pipeline/decision-mode';
import { protectionsFromFlags as protectionsOf } from '../../infra/services/sessions/protections-from-flags';
import { backtestLlmOf } from './backtest-llm';
import { runPipelineFromCli, timeframeOf } from './pipeline-backtest';
import type { RiskLimits } from '../../core/config/schema';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { progress } from '../util/progress';

interface BacktestFlags {
  local?: boolean;
  data?: string;
  exchange?: string;
  symbol?: string;
  timeframe?: string;
  from?: string;
  to?: string;
  strategy: string;
  params?: string;
  fee: string;
  slippageBps: string;
  initialCapital: string;
  stakePct: string;
  stopLossPct?: string;
  takeProfitPct?: string;
  leverage: string;
  fundingRate?: string;
  json?: boolean;
  detach?: boolean;
  decide: string;
  protect?: string[];
  trailingStop?: string;
  agents?: string;
  every?: string;
  llmCache?: string;
  debateRounds?: string;
}

const FLAG_OF: Record<string, string> = {
  fee: '--fee',
  slippageBps: '--slippage-bps',
  initialCapital: '--initial-capital',
  stakePct: '--stake-pct',
  stopLossPct: '--stop-loss-pct',
  takeProfitPct: '--take-profit-pct',
  leverage: '--leverage',
  funding: '--funding-rate',
  'funding.ratePer8h': '--funding-rate',
};

const PROGRESS_MIN_CANDLES = 200_000;

function num(flag: string, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new ValidationError(`${flag} must be a number, got "${raw}"`);
  return v;
}

function buildConfig(o: BacktestFlags, trailingStopPct: number | undefined): BacktestConfig {
  try {
    return backtestConfig({
      fee: num('--fee', o.fee),
      slippageBps: num('--slippage-bps', o.slippageBps),
      initialCapital: num('--initial-capital', o.initialCapital),
      stakePct: num('--stake-pct', o.stakePct),
      stopLossPct: o.stopLossPct === undefined ? null : num('--stop-loss-pct', o.stopLossPct),
      takeProfitPct: o.takeProfitPct === undefined ? null : num('--take-profit-pct', o.takeProfitPct),
      trailingStopPct: trailingStopPct ?? null,
      leverage: num('--leverage', o.leverage),
      funding: o.fundingRate === undefined ? null : { ratePer8h: num('--funding-rate', o.fundingRate) },
    });
  } catch (e) {
    if (e instanceof BacktestConfigError)
      throw new ValidationError(`${FLAG_OF[e.field] ?? e.field}: ${e.detail}`, { cause: e });
    throw e;
  }
}

function parseParams(raw: string | undefined): unknown {
  if (raw === undefined) return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError(`--params must be a JSON object, e.g. '{"fast":10,"slow":30}'; got ${raw}`);
  }
}

function readDataFile(file: string): CandleSeries {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ValidationError(
      `cannot read --data ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const looksJson = file.toLowerCase().endsWith('.json') || /^\s*[[{]/.test(text);
  try {
    return looksJson ? parseCandlesJson(text) : parseCandlesCsv(text);
  } catch (e) {
    throw new ValidationError(`${file}: ${(e as Error).message}`);
  }
}

function timeFlag(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const t = parseCandleTime(raw);
  if (!Number.isFinite(t))
    throw new ValidationError(`${flag} must be an ISO date/time or UTC milliseconds, got "${raw}"`);
  return t;
}

/** Reads the Candle table (loaded lazily: a CSV run needs no database client). */
async function readFromDatabase(o: BacktestFlags): Promise<CandleSeries> {
  const missing = (['exchange', 'symbol', 'timeframe'] as const).filter((k) => !o[k]);
  if (missing.length)
    throw new ValidationError(
      `give --data <file>, or ${missing.map((m) => `--${m}`).join(', ')} to read the Candle table`,
    );
  timeframeToMsOrThrow(o.timeframe!);
  const from = timeFlag('--from', o.from);
  const to = timeFlag('--to', o.to);
  // Loaded lazily (require, not import(): this is a CommonJS project and import() of a directory
  // fails under Node's ESM resolver), so a CSV run never loads the database client. The database is
  // found the way every command finds it (environment, then a running `up`, then the config's port).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { withDatabase } = require('./data') as typeof import('./data');
  const { readCandleSeries } =
    require('../../infra/adapters/market-data/candle-store') as typeof import('../../infra/adapters/market-data/candle-store');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return withDatabase(async (prisma) => {
    const series = await readCandleSeries(
      prisma,
      { exchange: o.exchange!, symbol: o.symbol!, timeframe: o.timeframe! },
      { from, to },
    );
    validateCandleSeries(series);
    if (series.length === 0)
      throw new ValidationError(
        `no candles in the database for ${o.exchange} ${o.symbol} ${o.timeframe} in the requested range`,
        {
          hint: `download them first: opentrade data download --exchange ${o.exchange} --symbol ${o.symbol} --timeframe ${o.timeframe}${o.from ? ` --since ${o.from}` : ''}`,
        },
      );
    return series;
  });
}

function timeframeToMsOrThrow(tf: string): number {
  try {
    return timeframeToMs(tf);
  } catch (e) {
    throw new ValidationError((e as Error).message, { field: 'timeframe' });
  }
}

// The durable path pulls in the Temporal client (over a second to load), so it is required only
// when used: `backtest --local` starts fast.
type DurableModule = typeof import('./backtest-durable');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const durable = (): DurableModule => require('./backtest-durable') as DurableModule;

/** The config file's risk limits, which `trade` sessions run with; none without a config file. */
function configuredRiskLimits(): RiskLimits | undefined {
  return existsSync(configPath()) ? loadConfig().risk : undefined;
}

async function backtestAction(o: BacktestFlags): Promise<void> {
  if (!(BACKTEST_DECISION_MODES as readonly string[]).includes(o.decide))
    throw new ValidationError(`--decide must be one of ${BACKTEST_DECISION_MODES.join(', ')}, got "${o.decide}"`, {
      field: 'decide',
    });
  const decide = o.decide as BacktestDecisionMode;
  const protections = o.protect?.length ? protectionsOf(o.protect, undefined) : undefined;
  const trailingStopPct = o.trailingStop === undefined ? undefined : trailingStopFlag(o.trailingStop);
  const llm = backtestLlmOf(o, decide);
  const strategy = resolveStrategy(o.strategy);
  const params = resolveParams(strategy, parseParams(o.params));
  const config = buildConfig(o, trailingStopPct);
  const instance = strategy.create(params);
  const need = minimumCandles(instance);
  const tooShort = (got: number) => {
    if (got < need)
      throw new RefusedError(
        `too little data: ${strategy.id} with ${JSON.stringify(params)} needs at least ${need} candles, got ${got}`,
      );
  };

  if (!o.local) {
    // Durable: the same checks, then the backtest workflow on the worker (its report is identical).
    let data: import('../../infra/services/backtests/client').DurableBacktestData;
    if (o.data) {
      const fileSeries = candleSeriesBetween(readDataFile(o.data), timeFlag('--from', o.from), timeFlag('--to', o.to));
      tooShort(fileSeries.length);
      data = { series: fileSeries, file: o.data };
    } else {
      const missing = (['exchange', 'symbol', 'timeframe'] as const).filter((k) => !o[k]);
      if (missing.length)
        throw new ValidationError(
          `give --data <file>, or ${missing.map((m) => `--${m}`).join(', ')} to read the Candle table`,
        );
      data = {
        exchange: o.exchange!,
        symbol: o.symbol!,
        timeframe: o.timeframe!,
        fromMs: timeFlag('--from', o.from),
        toMs: timeFlag('--to', o.to),
      };
    }
    await durable().runDurableBacktest({
      decide,
      ...(decide === 'strategy-only'
        ? {}
        : {
            pipeline: {
              symbol: o.symbol ?? 'BTC/USDT',
              ...(configuredRiskLimits() ? { riskLimits: configuredRiskLimits() } : {}),
              ...(protections ? { protections } : {}),
              ...(trailingStopPct !== undefined ? { trailingStopPct } : {}),
              ...(llm ? { llm: llm.settings } : {}),
            },
          }),
      strategy: o.strategy,
      params: parseParams(o.params),
      config,
      data,
      timeframe: o.timeframe,
      json: o.json,
      detach: o.detach,
    });
    return;
  }

  const series = o.data
    ? candleSeriesBetween(readDataFile(o.data), timeFlag('--from', o.from), timeFlag('--to', o.to))
    : await readFromDatabase(o);
  if (series.length === 0) throw new RefusedError('no candles between --from and --to');
  tooShort(series.length);
  if (decide !== 'strategy-only') {
    await runPipelineFromCli({
      series,
      decide,
      instance,
      label: `${strategy.id}@${strategy.version} ${JSON.stringify(params)}`,
      symbol: o.symbol ?? 'BTC/USDT',
      timeframe: o.timeframe ?? timeframeOf(series),
      initialCapital: config.initialCapital,
      riskLimits: configuredRiskLimits(),
      protections,
      ...(trailingStopPct !== undefined ? { trailingStopPct } : {}),
      ...(llm ? { llm } : {}),
      json: o.json,
    });
    return;
  }
  const showProgress = series.length >= PROGRESS_MIN_CANDLES;
  const bar = progress(process.stderr);
  const result = runBacktest(series, instance, config, {
    timeframeMs: o.timeframe ? timeframeToMsOrThrow(o.timeframe) : undefined,
    chunkSize: showProgress ? Math.ceil(series.length / 100) : undefined,
    onProgress: showProgress ? (done, total) => bar.update(done / total, `${done} of ${total} candles`) : undefined,
    strategyLabel: strategy.id,
  });
  bar.done();
  if (o.json) {
    process.stdout.write(`${JSON.stringify(backtestReport(series, result))}\n`);
  } else {
    process.stdout.write(
      `${formatBacktestReport(`backtest ${strategy.id}@${strategy.version} ${JSON.stringify(params)}`, result)}\n`,
    );
  }
}

export function registerBacktestCommand(program: Command): void {
  const backtest = program
    .command('backtest')
    .description('backtest a strategy over historical candles (durable on the worker, or --local in this process)')
    .option('--local', 'run in this process (no Temporal worker needed)')
    .option(
      '--decide <mode>',
      'strategy-only: the strategy alone on the fast engine; strategy / ensemble: the whole agent pipeline per candle as a session decides',
      'strategy-only',
    )
    .option(
      '--protect <spec>',
      'a protection for the pipeline backtest, e.g. cooldown:duration=5 (repeatable; see trade --help)',
      (v: string, all: string[] = []) => [...all, v],
    )
    .option(
      '--trailing-stop <pct>',
      `a trailing stop this many percent behind the best price since entry (> 0, <= ${MAX_TRAILING_STOP_PCT}); with the pipeline, an exchange-side trailing order`,
    )
    .option(
      '--agents <spec>',
      'pipeline backtests: agents that think with the configured model: llm or hybrid for all, or e.g. market=llm,coordinator=hybrid (answers are cached: a rerun asks nothing)',
    )
    .option('--every <n>', 'with --agents: ask the model on every n-th candle (the rules decide in between)', undefined)
    .option(
      '--llm-cache <mode>',
      "with --agents: readwrite, readonly (cache only, nothing spent) or off; default: the config's",
    )
    .option('--debate-rounds <n>', 'with --agents: bull/bear rounds before an LLM coordinator decides (0..5)')
    .option('--detach', 'durable run: print its run id and return without waiting')
    .option('--data <file>', 'candles from a CSV (timestamp,open,high,low,close,volume) or JSON file')
    .option('--exchange <id>', 'read candles from the database: exchange id')
    .option('--symbol <symbol>', 'read candles from the database: symbol, e.g. BTC/USDT')
    .option('--timeframe <tf>', 'candle timeframe, e.g. 1h (also sets the annualisation of Sharpe/Sortino)')
    .option('--from <time>', 'first candle time (ISO or UTC ms)')
    .option('--to <time>', 'last candle time, inclusive (ISO or UTC ms)')
    .option('--strategy <id|file>', 'built-in strategy id or path to a .ts/.js strategy file', 'ema-cross')
    .option('--params <json>', 'strategy parameters as a JSON object')
    .option('--fee <fraction>', 'taker fee per fill as a fraction (0.001 = 0.1 %)', '0.001')
    .option('--slippage-bps <bps>', 'slippage in basis points on market fills', '0')
    .option('--initial-capital <amount>', 'starting cash', '10000')
    .option('--stake-pct <pct>', 'percent of cash committed per entry', '100')
    .option('--stop-loss-pct <pct>', 'stop-loss distance from the entry fill, percent')
    .option('--take-profit-pct <pct>', 'take-profit distance from the entry fill, percent')
    .option('--leverage <x>', 'leverage (1 = spot-like)', '1')
    .option('--funding-rate <rate>', 'perpetual funding rate per 8 h as a fraction (longs pay when positive)')
    .option('--json', 'print exactly one JSON object {metrics, trades, equity} on stdout')
    .action(runAction(backtestAction));

  // status/list/cancel of durable runs, loading backtest-durable only when one of them runs.
  // --json may land on the parent `backtest` (commander reads parent options anywhere): read both.
  const json = (cmd: Command) => Boolean((cmd.optsWithGlobals() as { json?: boolean }).json);
  backtest
    .command('status <id>')
    .description('show a durable backtest run: status, progress, result summary')
    .option('--json', 'print one JSON object')
    .action(runAction((id: string, _o: unknown, cmd: Command) => durable().backtestStatus(id, { json: json(cmd) })));
  backtest
    .command('list')
    .description('list recent durable backtest runs')
    .option('--limit <n>', 'how many runs', '20')
    .option('--json', 'print one JSON array')
    .action(
      runAction((o: { limit?: string }, cmd: Command) => durable().backtestList({ json: json(cmd), limit: o.limit })),
    );
  backtest
    .command('cancel <id>')
    .description('cancel a queued or running durable backtest')
    .option('--json', 'print the cancelled run as JSON')
    .action(runAction((id: string, _o: unknown, cmd: Command) => durable().backtestCancel(id, { json: json(cmd) })));
}
