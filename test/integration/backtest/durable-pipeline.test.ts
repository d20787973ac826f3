// The durable backtest running the whole agent pipeline (`decide` strategy | ensemble) on the real
// stack: the report is the one `--local --decide … --json` prints for the same candles, byte for
// byte; a retried chunk resumes from its last stored checkpoint; status and list show the mode.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { MockActivityEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createBacktestActivities } from '../../../activities/backtest';
import { backtestConfig } from '../../../core/backtest/config';
import type { CandleSeries } from '../../../core/candles/series';
import { RiskLimitsSchema } from '../../../core/config/schema';
import type { DecisionMode } from '../../../core/pipeline/decision-mode';
import { formatPipelineReport, pipelineReport } from '../../../core/pipeline/pipeline-report';
import { runPipelineBacktest } from '../../../core/pipeline/run-pipeline-backtest';
import type { ProtectionsConfig } from '../../../core/protections/types';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { createBacktestRunRepository } from '../../../infra/adapters/db/repositories/backtest-runs';
import { sqlFromPool } from '../../../infra/adapters/db/sql';
import {
  loadDurablePipelineReport,
  startDurableBacktest,
  waitForDurableBacktest,
  type DurableBacktestClients,
} from '../../../infra/services/backtests/client';
import { pipelineOptionsFor } from '../../../infra/services/backtests/pipeline-options';
import { backtestList, backtestStatus, runDurableBacktest, type CliIo } from '../../../cli/commands/backtest-durable';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';
import type {
  BacktestOutcome,
  BacktestWorkflowInput,
  PipelineChunkInput,
  PipelineChunkResult,
} from '../../../workflows/backtest-contract';
import { walkCandles } from './fixtures';

jest.setTimeout(240_000);

const TASK_QUEUE = 'it-backtest-pipeline';
const SYMBOL = 'BTC/USDT:USDT';
const PARAMS = { fast: 6, slow: 24, allowShort: true };
const PROTECTIONS: ProtectionsConfig = { cooldownPeriod: { stopDurationCandles: 20 } };
let prisma: PrismaClient;
let connection: Connection;
let clients: DurableBacktestClients;
let worker: Worker;
let running: Promise<void>;

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

function capture(): CliIo & { out: () => string } {
  let out = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true, isTTY: false },
    endpoints: {
      temporalAddress: process.env.TEMPORAL_ADDRESS!,
      databaseUrl: process.env.DATABASE_URL!,
      redisUrl: process.env.REDIS_URL!,
    },
    taskQueue: TASK_QUEUE,
    out: () => out,
  };
}

/** What `backtest --local --decide … --json` prints (without its newline). */
function localText(series: CandleSeries, decide: DecisionMode, over: { trailingStopPct?: number } = {}): string {
  const s = resolveStrategy('ema-cross');
  const result = runPipelineBacktest(
    series,
    pipelineOptionsFor({
      symbol: SYMBOL,
      timeframe: '1m',
      decide,
      instance: s.create(resolveParams(s, PARAMS)),
      initialCapital: 10_000,
      protections: PROTECTIONS,
      ...over,
    }),
  );
  return JSON.stringify(pipelineReport(decide, result));
}

describe('the durable pipeline backtest equals --local --decide', () => {
  it.each([
    ['strategy', 6_000, {}],
    ['strategy', 6_000, { trailingStopPct: 0.5 }],
    ['ensemble', 1_500, {}],
  ] as const)('--decide %s over %i candles %j', async (decide, n, over) => {
    const series = walkCandles(n, 19);
    const expected = localText(series, decide, over);
    const started = await startDurableBacktest(clients, {
      decide,
      pipeline: { symbol: SYMBOL, protections: PROTECTIONS, ...over },
      strategy: 'ema-cross',
      params: PARAMS,
      config: backtestConfig(),
      data: { series, file: 'pipe.csv' },
      timeframe: '1m',
      // Chunks and checkpoints that do not divide each other: positions stay open across boundaries.
      chunkCandles: Math.floor(n / 3) + 7,
      checkpointCandles: Math.floor(n / 11) + 3,
    });
    const outcome = await waitForDurableBacktest(clients, started.runId);
    const { text } = await loadDurablePipelineReport(clients, started.runId);
    const got = JSON.parse(text) as { trades: unknown[]; decisions: unknown[]; locks: unknown[] };
    const want = JSON.parse(expected) as typeof got;
    expect(got.trades.length).toBeGreaterThan(3);
    expect(got.trades).toEqual(want.trades);
    expect(got.decisions).toEqual(want.decisions);
    expect(text).toBe(expected);
    expect(outcome.trades).toBe(want.trades.length);
    expect(await prisma.backtestTrade.count({ where: { runId: started.runId } })).toBe(outcome.trades);
    const run = await createBacktestRunRepository(clients.sql).getRun(started.runId);
    expect(run).toMatchObject({ status: 'completed', decide });
  });

  it('through the CLI entry point: the same --json line and text report as --local; status and list show the mode', async () => {
    const series = walkCandles(4_000, 23);
    const request = {
      decide: 'strategy' as const,
      pipeline: { symbol: SYMBOL, protections: PROTECTIONS },
      strategy: 'ema-cross',
      params: PARAMS,
      config: backtestConfig(),
      data: { series, file: 'cli.csv' },
      chunkCandles: 1_500,
    };
    const io = capture();
    const runId = await runDurableBacktest({ ...request, json: true }, io);
    expect(io.out()).toBe(`${localText(series, 'strategy')}\n`);

    const text = capture();
    await runDurableBacktest(request, text);
    const s = resolveStrategy('ema-cross');
    const params = resolveParams(s, PARAMS);
    expect(text.out()).toBe(
      formatPipelineReport(
        `${s.id}@${s.version} ${JSON.stringify(params)} on ${SYMBOL}`,
        'strategy',
        JSON.parse(localText(series, 'strategy')),
      ),
    );

    const status = capture();
    await backtestStatus(runId, { json: true }, status);
    expect(JSON.parse(status.out())).toMatchObject({ id: runId, status: 'completed', decide: 'strategy' });
    const human = capture();
    await backtestStatus(runId, {}, human);
    expect(human.out()).toContain('--decide strategy');
    const list = capture();
    await backtestList({ json: true, limit: '50' }, list);
    const listed = (JSON.parse(list.out()) as { id: string; decide: string }[]).find((r) => r.id === runId);
    expect(listed?.decide).toBe('strategy');
  });

  it('refuses a pair the sim venue does not model and a bad trailing stop before starting anything', async () => {
    const before = await prisma.backtestRun.count();
    const base = {
      decide: 'strategy' as const,
      strategy: 'ema-cross',
      params: PARAMS,
      config: backtestConfig(),
      data: { series: walkCandles(500), file: 'bad.csv' },
    };
    await expect(startDurableBacktest(clients, { ...base, pipeline: { symbol: 'NOPE/USDT' } })).rejects.toThrow(
      /NOPE\/USDT: the pipeline backtest models the sim venue's pairs/,
    );
    await expect(
      startDurableBacktest(clients, { ...base, pipeline: { symbol: SYMBOL, trailingStopPct: 0 } }),
    ).rejects.toThrow(/trailingStopPct must be a percentage > 0/);
    expect(await prisma.backtestRun.count()).toBe(before);
  });
});

it('a retried pipeline chunk resumes from its last stored checkpoint and the report is still --local', async () => {
  const N = 3_000;
  const STEP = 500;
  const series = walkCandles(N, 29);
  const runId = `pipe-resume-${Date.now()}`;
  const settings = { symbol: SYMBOL, protections: PROTECTIONS, riskLimits: RiskLimitsSchema.parse({}) };
  const input: BacktestWorkflowInput = {
    runId,
    decide: 'strategy',
    pipeline: settings,
    strategy: 'ema-cross',
    params: PARAMS,
    config: backtestConfig(),
    source: { kind: 'stored', label: 'resume.csv' },
    timeframeMs: 60_000,
  };
  await createBacktestRunRepository(clients.sql).createRun(
    {
      id: runId,
      strategy: 'ema-cross',
      version: null,
      params: PARAMS,
      exchange: 'file',
      symbol: 'resume.csv',
      timeframe: '1m',
      fromMs: series.time[0],
      toMs: series.time[N - 1],
      workflowId: `backtest-${runId}`,
      decide: 'strategy',
      request: input,
    },
    series,
  );
  const first = createBacktestActivities({ prisma, sql: clients.sql });
  const prepared = await new MockActivityEnvironment().run(first.backtestPrepare, input);
  expect(prepared).toEqual({ candles: N, timeframeMs: 60_000, timeframe: '1m' });
  const chunk: PipelineChunkInput = {
    runId,
    decide: 'strategy',
    strategy: 'ema-cross',
    params: PARAMS,
    initialCapital: 10_000,
    timeframe: '1m',
    settings,
    from: 0,
    to: N,
    checkpointCandles: STEP,
  };
  const env1 = new MockActivityEnvironment();
  const beats1: unknown[] = [];
  env1.on('heartbeat', (d: unknown) => beats1.push(d));
  const full: PipelineChunkResult = await env1.run(first.backtestPipelineChunk, chunk);
  expect(beats1).toEqual([1, 2, 3, 4, 5, 6].map((k) => ({ next: k * STEP })));

  // The retry, on another worker (nothing cached), saw the heartbeat of checkpoint 1500; the
  // checkpoints after it are lost, as if the worker died before writing them.
  await clients.sql.query(`DELETE FROM backtest_run_chunks WHERE run_id = $1 AND start >= 1500`, [runId]);
  const retry = createBacktestActivities({ prisma, sql: clients.sql });
  const env2 = new MockActivityEnvironment({ heartbeatDetails: { next: 1_500 }, attempt: 2 });
  const beats2: unknown[] = [];
  env2.on('heartbeat', (d: unknown) => beats2.push(d));
  const again: PipelineChunkResult = await env2.run(retry.backtestPipelineChunk, chunk);
  expect(beats2).toEqual([4, 5, 6].map((k) => ({ next: k * STEP }))); // resumed, not restarted
  expect(again.next).toBe(full.next);

  const finalize = { runId, decide: 'strategy' as const, initialCapital: 10_000, timeframe: '1m', symbol: SYMBOL };
  const outcome: BacktestOutcome = await new MockActivityEnvironment().run(retry.backtestPipelineFinalize, finalize);
  const { text } = await loadDurablePipelineReport(clients, runId);
  expect(text).toBe(localText(series, 'strategy'));
  expect(outcome.trades).toBe((JSON.parse(text) as { trades: unknown[] }).trades.length);
  expect(outcome.trades).toBeGreaterThan(3);
  // A finalize retried after it stored the result only reports it again.
  await expect(
    new MockActivityEnvironment().run(
      createBacktestActivities({ prisma, sql: clients.sql }).backtestPipelineFinalize,
      finalize,
    ),
  ).resolves.toEqual(outcome);
});

it('keeps states, trades and decisions out of history, which is recorded for the replay test', async () => {
  const series = walkCandles(8_000, 37);
  const started = await startDurableBacktest(clients, {
    decide: 'strategy',
    pipeline: { symbol: SYMBOL, protections: PROTECTIONS, trailingStopPct: 1 },
    strategy: 'ema-cross',
    params: PARAMS,
    config: backtestConfig(),
    data: { series, file: 'history.csv' },
    timeframe: '1m',
    chunkCandles: 2_000,
    checkpointCandles: 700,
  });
  const outcome = await waitForDurableBacktest(clients, started.runId);
  expect(outcome.trades).toBeGreaterThan(10);
  const history = await clients.temporal.workflow.getHandle(started.workflowId).fetchHistory();
  const json = historyToJSON(history);
  // Payloads are base64 in the history's JSON: decode them to see what went into history.
  const payloads = [...json.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) =>
    Buffer.from(m[1], 'base64').toString(),
  );
  expect(payloads.some((p) => p.includes('"next"'))).toBe(true); // the chunks' small results are there
  expect(payloads.some((p) => p.includes('"broker"') || p.includes('"decisions"'))).toBe(false);
  expect(json.length).toBeLessThan(40_000);
  if (process.env.OPENTRADE_RECORD_HISTORIES)
    writeFileSync(path.resolve(__dirname, '../../histories/backtest-pipeline.json'), json);
});
