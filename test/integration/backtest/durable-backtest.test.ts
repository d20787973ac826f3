// The durable backtest on the real stack (Temporal, PostgreSQL): identical to --local, progress,
// cancellation, bad input, status/list, and a recorded history for the replay test.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createBacktestActivities } from '../../../activities/backtest';
import { backtestConfig, type BacktestConfig } from '../../../core/backtest/config';
import { backtestReport } from '../../../core/backtest/report';
import { formatBacktestReport } from '../../../core/backtest/format-report';
import { runBacktest } from '../../../core/backtest/run-backtest';
import { readCandles, upsertCandles } from '../../../infra/adapters/market-data/candle-store';
import { candleSeriesFromCandles } from '../../../core/candles/series';
import {
  cancelDurableBacktest,
  loadDurableResult,
  startDurableBacktest,
  waitForDurableBacktest,
  type DurableBacktestClients,
} from '../../../infra/services/backtests/client';
import { createBacktestRunRepository } from '../../../infra/adapters/db/repositories/backtest-runs';
import { sqlFromPool } from '../../../infra/adapters/db/sql';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { DomainError } from '../../../core/errors';
import { backtestList, backtestStatus, runDurableBacktest, type CliIo } from '../../../cli/commands/backtest-durable';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';
import type { BacktestProgress } from '../../../workflows/backtest-contract';
import { backtest } from '../../../workflows/backtest';
import { backtestProgressQuery } from '../../../workflows/definitions';
import { expectSameReport, localJson, walkCandles } from './fixtures';

jest.setTimeout(120_000);

const TASK_QUEUE = 'it-backtest-durable';
let prisma: PrismaClient;
let connection: Connection;
let clients: DurableBacktestClients;
let worker: Worker;
let running: Promise<void>;

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    endpoints: {
      temporalAddress: process.env.TEMPORAL_ADDRESS!,
      databaseUrl: process.env.DATABASE_URL!,
      redisUrl: process.env.REDIS_URL!,
    },
    taskQueue: TASK_QUEUE,
    out: () => out,
    err: () => err,
  };
}

beforeAll(async () => {
  prisma = createPrisma(process.env.DATABASE_URL);
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  clients = {
    temporal: new Client({ connection }),
    sql: sqlFromPool(process.env.DATABASE_URL!),
    prisma,
    taskQueue: TASK_QUEUE,
  };
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
    taskQueue: TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    activities: createBacktestActivities({ prisma, databaseUrl: process.env.DATABASE_URL }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await clients?.sql.close();
  await connection?.close();
  await prisma?.$disconnect();
});

async function durableJson(runId: string): Promise<string> {
  const { result, series } = await loadDurableResult(clients, runId);
  return JSON.stringify(backtestReport(series, result));
}

const CASES: { strategy: string; params: Record<string, unknown>; config: Partial<BacktestConfig> }[] = [
  { strategy: 'ema-cross', params: {}, config: {} },
  {
    strategy: 'ema-cross',
    params: { fast: 7, slow: 40, allowShort: true },
    config: { stopLossPct: 1, takeProfitPct: 2, slippageBps: 5 },
  },
  { strategy: 'rsi-reversion', params: {}, config: { leverage: 3, stakePct: 50, funding: { ratePer8h: 0.0001 } } },
  { strategy: 'macd-trend', params: {}, config: { fee: 0.0005, stopLossPct: 0.8 } },
  {
    strategy: 'ema-cross',
    params: { fast: 7, slow: 40, allowShort: true },
    config: { stopLossPct: 2, trailingStopPct: 0.4, slippageBps: 5 },
  },
  { strategy: 'bollinger-breakout', params: {}, config: {} },
  { strategy: 'supertrend', params: {}, config: { slippageBps: 2 } },
];

describe('durable backtest equals --local, trade for trade', () => {
  const series = walkCandles(20_000);

  it.each(CASES)('$strategy $params $config', async ({ strategy, params, config: partial }) => {
    const config = backtestConfig(partial);
    const expected = localJson(series, strategy, params, config, 60_000);
    // Small chunks and checkpoints, so positions stay open across many chunk boundaries.
    const started = await startDurableBacktest(clients, {
      strategy,
      params,
      config,
      data: { series, file: 'walk.csv' },
      timeframe: '1m',
      chunkCandles: 6_007,
      checkpointCandles: 2_003,
    });
    const outcome = await waitForDurableBacktest(clients, started.runId);
    const got = await durableJson(started.runId);
    expect(JSON.parse(got).trades.length).toBeGreaterThan(0);
    expect(outcome.trades).toBe(JSON.parse(expected).trades.length);
    expectSameReport(got, expected); // the exact JSON --local prints: trades, equity at every close, metrics
    const run = await createBacktestRunRepository(clients.sql).getRun(started.runId);
    expect(run?.status).toBe('completed');
    const rows = await prisma.backtestTrade.count({ where: { runId: started.runId } });
    expect(rows).toBe(outcome.trades); // the dashboard's trade rows
  });

  it('prints the same report and --json object as --local through the CLI entry point', async () => {
    const config = backtestConfig({ stopLossPct: 2 });
    const io = capture();
    await runDurableBacktest(
      {
        strategy: 'ema-cross',
        params: { fast: 5, slow: 21 },
        config,
        data: { series, file: 'walk.csv' },
        json: true,
        chunkCandles: 5_000,
      },
      io,
    );
    expectSameReport(io.out().trimEnd(), localJson(series, 'ema-cross', { fast: 5, slow: 21 }, config));
    expect(io.out().endsWith('}\n')).toBe(true);

    const text = capture();
    await runDurableBacktest(
      { strategy: 'ema-cross', params: { fast: 5, slow: 21 }, config, data: { series, file: 'walk.csv' } },
      text,
    );
    const s = (await import('../../../core/strategies/resolve-strategy')).resolveStrategy('ema-cross');
    const params = (await import('../../../core/strategies/resolve-params')).resolveParams(s, { fast: 5, slow: 21 });
    const local = runBacktest(series, s.create(params), config);
    expect(text.out()).toBe(
      `${formatBacktestReport(`backtest ${s.id}@${s.version} ${JSON.stringify(params)}`, local)}\n`,
    );
  });

  it('reads a Candle table range like --local does', async () => {
    const key = { exchange: 'it-durable', symbol: 'WALK/USDT', timeframe: '1m' };
    const all = walkCandles(12_000, 11);
    const rows = Array.from(
      { length: all.length },
      (_, i) =>
        [all.time[i], all.open[i], all.high[i], all.low[i], all.close[i], all.volume[i]] as [
          number,
          number,
          number,
          number,
          number,
          number,
        ],
    );
    await upsertCandles(prisma, key, rows);
    const fromMs = all.time[1_000];
    const toMs = all.time[10_999];
    const local = (await readCandles(prisma, key, fromMs, toMs)).map((r) => ({
      time: r[0],
      open: r[1],
      high: r[2],
      low: r[3],
      close: r[4],
      volume: r[5],
    }));
    const localSeries = candleSeriesFromCandles(local);
    const config = backtestConfig({ takeProfitPct: 1.5 });
    const started = await startDurableBacktest(clients, {
      strategy: 'ema-cross',
      params: {},
      config,
      data: { ...key, fromMs, toMs },
      timeframe: '1m',
      chunkCandles: 3_000,
    });
    await waitForDurableBacktest(clients, started.runId);
    expect(localSeries.length).toBe(10_000);
    expectSameReport(await durableJson(started.runId), localJson(localSeries, 'ema-cross', {}, config, 60_000));
  });
});

describe('progress, cancellation, status', () => {
  it('answers the progress query while running and after completion', async () => {
    const series = walkCandles(60_000, 3);
    const started = await startDurableBacktest(clients, {
      strategy: 'ema-cross',
      params: {},
      config: backtestConfig(),
      data: { series, file: 'p.csv' },
      chunkCandles: 2_000,
    });
    const seen: BacktestProgress[] = [];
    await waitForDurableBacktest(clients, started.runId, (p) => seen.push(p), 20);
    const running = seen.filter((p) => p.phase === 'running');
    expect(running.length).toBeGreaterThan(0); // 30 chunks: the poller must catch some mid-run
    for (let i = 1; i < seen.length; i++) expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);
    const final = await clients.temporal.workflow.getHandle(started.workflowId).query(backtestProgressQuery);
    expect(final).toEqual({
      runId: started.runId,
      phase: 'completed',
      done: 60_000,
      total: 60_000,
      chunk: 30,
      chunks: 30,
    });

    const io = capture();
    await backtestStatus(started.runId, { json: true }, io);
    const status = JSON.parse(io.out());
    expect(status).toMatchObject({ id: started.runId, status: 'completed', progress: 100, strategy: 'ema-cross' });
    expect(status.metrics.candles).toBe(60_000);
    const list = capture();
    await backtestList({ json: true, limit: '50' }, list);
    expect((JSON.parse(list.out()) as { id: string }[]).map((r) => r.id)).toContain(started.runId);
  });

  it('cancel stops the workflow and marks the run cancelled', async () => {
    const series = walkCandles(200_000, 5);
    const started = await startDurableBacktest(clients, {
      strategy: 'ema-cross',
      params: {},
      config: backtestConfig(),
      data: { series, file: 'c.csv' },
      chunkCandles: 1_000,
      checkpointCandles: 500,
    });
    const handle = clients.temporal.workflow.getHandle(started.workflowId);
    for (let i = 0; i < 300; i++) {
      const p = await handle.query(backtestProgressQuery).catch(() => undefined);
      if (p && p.chunk >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const run = await cancelDurableBacktest(clients, started.runId);
    expect(run.status).toBe('cancelled');
    await expect(waitForDurableBacktest(clients, started.runId)).rejects.toThrow(
      `backtest ${started.runId} was cancelled`,
    );
    const p = await handle.query(backtestProgressQuery);
    expect(p.phase).toBe('cancelled');
    expect(p.done).toBeLessThan(200_000);
    await expect(cancelDurableBacktest(clients, started.runId)).rejects.toThrow('already cancelled');
  });
});

describe('bad input starts nothing', () => {
  const series = walkCandles(300);
  const config = backtestConfig();
  const runCount = () => prisma.backtestRun.count();

  it.each([
    ['an unknown strategy', { strategy: 'no-such-strategy', params: {} }, /no-such-strategy/],
    ['bad params', { strategy: 'ema-cross', params: { fast: -3 } }, /fast/],
    [
      'too few candles',
      { strategy: 'ema-cross', params: { fast: 5, slow: 390 } },
      /too little data: ema-cross .* needs at least 392 candles, got 300/,
    ],
  ])('%s', async (_name, req, message) => {
    const before = await runCount();
    const err = await startDurableBacktest(clients, { ...req, config, data: { series, file: 'x.csv' } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    expect((err as Error).message).toMatch(message);
    expect(await runCount()).toBe(before);
  });

  it('a Candle table range with no data', async () => {
    const before = await runCount();
    const err = await startDurableBacktest(clients, {
      strategy: 'ema-cross',
      params: {},
      config,
      data: { exchange: 'nowhere', symbol: 'NONE/USDT', timeframe: '1h' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as Error).message).toContain('no candles in the database for nowhere NONE/USDT 1h');
    expect(await runCount()).toBe(before);
  });

  it('status and cancel of an unknown run id', async () => {
    await expect(backtestStatus('bt-missing', {}, capture())).rejects.toThrow('unknown backtest run bt-missing');
    await expect(cancelDurableBacktest(clients, 'bt-missing')).rejects.toThrow('unknown backtest run bt-missing');
  });
});

describe('without a worker', () => {
  it('the CLI says that no worker polls the queue, and the run waits', async () => {
    const io = { ...capture(), taskQueue: 'it-backtest-nobody-polls' };
    let err = '';
    io.stderr = { write: (s: string) => (err += s), isTTY: false };
    const pending = runDurableBacktest(
      {
        strategy: 'ema-cross',
        params: {},
        config: backtestConfig(),
        data: { series: walkCandles(1_000), file: 'w.csv' },
      },
      io,
    ).catch((e: unknown) => e);
    for (let i = 0; i < 200 && !err.includes('no worker'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(err).toContain('no worker is polling it-backtest-nobody-polls yet');
    const [run] = await createBacktestRunRepository(clients.sql).listRuns(1);
    expect(run.status).toBe('queued');
    await clients.temporal.workflow.getHandle(run.workflowId!).terminate('test over');
    const e = await pending;
    expect(e).toBeInstanceOf(DomainError);
    expect((e as Error).message).toBe(`backtest ${run.id} was terminated`);
  });
});

describe('a run that fails on the worker', () => {
  it('is marked failed with the reason, and the CLI error names it', async () => {
    // Input the CLI would have refused, written directly, so the worker's own check is what fails.
    const series = walkCandles(400, 4);
    const runId = `failing-${Date.now()}`;
    const input = {
      runId,
      strategy: 'ema-cross',
      params: { fast: 5, slow: 390 },
      config: backtestConfig(),
      source: { kind: 'stored' as const, label: 'f.csv' },
      timeframeMs: null,
    };
    await createBacktestRunRepository(clients.sql).createRun(
      {
        id: runId,
        strategy: 'ema-cross',
        version: null,
        params: input.params,
        exchange: 'file',
        symbol: 'f.csv',
        timeframe: '',
        fromMs: series.time[0],
        toMs: series.time[399],
        workflowId: `backtest-${runId}`,
        request: input,
      },
      walkCandles(300, 4),
    );
    await clients.temporal.workflow.start(backtest, {
      taskQueue: TASK_QUEUE,
      workflowId: `backtest-${runId}`,
      args: [input],
    });
    await expect(waitForDurableBacktest(clients, runId)).rejects.toThrow(
      `backtest ${runId} failed: too little data: ema-cross`,
    );
    const run = await createBacktestRunRepository(clients.sql).getRun(runId);
    expect(run).toMatchObject({ status: 'failed' });
    expect(run?.error).toContain('needs at least 392 candles, got 300');
    const p = await clients.temporal.workflow.getHandle(`backtest-${runId}`).query(backtestProgressQuery);
    expect(p.phase).toBe('failed');
  });
});

describe('history', () => {
  it('stays small and is recorded for the replay test', async () => {
    const series = walkCandles(30_000, 9);
    const started = await startDurableBacktest(clients, {
      strategy: 'ema-cross',
      params: {},
      config: backtestConfig({ stopLossPct: 1 }),
      data: { series, file: 'h.csv' },
      chunkCandles: 10_000,
      checkpointCandles: 4_000,
    });
    await waitForDurableBacktest(clients, started.runId);
    const history = await clients.temporal.workflow.getHandle(started.workflowId).fetchHistory();
    const json = historyToJSON(history);
    expect(json.length).toBeLessThan(40_000); // no candles, trades or equity in history
    if (process.env.OPENTRADE_RECORD_HISTORIES)
      writeFileSync(path.resolve(__dirname, '../../histories/backtest.json'), json);
  });
});
