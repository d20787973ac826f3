// The pipeline backtest with agents that think with a model, on the real stack: the real openai SDK
// against the local OpenAI-compatible server, answers cached and recorded in PostgreSQL. A rerun
// asks nothing and trades the same; a run cut into chunks (its state through JSON) trades the same;
// the durable run on a worker gives the report the local run gives.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createBacktestActivities } from '../../../activities/backtest';
import { backtestConfig } from '../../../core/backtest/config';
import type { CandleSeries } from '../../../core/candles/series';
import { ConfigSchema } from '../../../core/config/schema';
import type { BacktestLlmSettings } from '../../../core/llm/cycle-llm-settings';
import { sessionLlmSettings } from '../../../core/llm/session-llm';
import { pipelineReport } from '../../../core/pipeline/pipeline-report';
import {
  initialPipelineState,
  pipelineResult,
  runPipelineBacktest,
  type PipelineBacktestOptions,
  type PipelineDecision,
  type PipelineState,
} from '../../../core/pipeline/run-pipeline-backtest';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { createPrisma, createRepositories, type PrismaClient } from '../../../infra/adapters/db';
import { sqlFromPool } from '../../../infra/adapters/db/sql';
import { createLlmClient } from '../../../infra/adapters/llm/llm-client';
import {
  loadDurablePipelineReport,
  startDurableBacktest,
  waitForDurableBacktest,
  type DurableBacktestClients,
} from '../../../infra/services/backtests/client';
import { runPipelineChunkAsking, type ModelAnswering } from '../../../infra/services/backtests/pipeline-asking';
import { pipelineOptionsFor } from '../../../infra/services/backtests/pipeline-options';
import { modelConsultantFor } from '../../../infra/services/llm/model-consultant';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';
import { startOpenAiServer, type OpenAiServer } from '../../fixtures/openai-server/server';
import { walkCandles } from '../backtest/fixtures';

jest.setTimeout(300_000);

const TASK_QUEUE = 'it-llm-backtest';
const SYMBOL = 'BTC/USDT';
const PARAMS = { fast: 6, slow: 24 };
const N = 1_200;
const EVERY = 20;

let server: OpenAiServer;
let prisma: PrismaClient;
let connection: Connection;
let clients: DurableBacktestClients;
let worker: Worker;
let running: Promise<void>;

const config = (url: string) =>
  ConfigSchema.parse({
    gateway: { token: 't'.repeat(40) },
    llm: {
      provider: 'vllm',
      baseUrl: url,
      // A model name no other test uses: the answers cached here are this file's.
      models: { quick: `bt-quick-${Date.now().toString(36)}`, deep: `bt-deep-${Date.now().toString(36)}` },
      concurrency: 4,
    },
  });
let cfg: ReturnType<typeof config>;
let settings: BacktestLlmSettings;

beforeAll(async () => {
  // The coordinator follows the rules' ensemble; the review approves; analysts read the last five
  // candles. First match wins, and every prompt carries the market facts: the roles come first.
  server = await startOpenAiServer({
    rules: [
      {
        match: 'ensemble decided BUY',
        reply: { json: { action: 'BUY', confidence: 0.7, reasoning: 'with the ensemble' } },
      },
      {
        match: 'ensemble decided SELL',
        reply: { json: { action: 'SELL', confidence: 0.7, reasoning: 'with the ensemble' } },
      },
      { match: 'You are the coordinator', reply: { json: { action: 'HOLD', confidence: 0.5, reasoning: 'unclear' } } },
      { match: 'You are the risk manager', reply: { json: { verdict: 'approve', sizeFactor: 1, reasoning: 'fine' } } },
      {
        match: /return over last 5 candles \(%\): -/,
        reply: { json: { direction: -0.7, confidence: 0.8, reasoning: 'the last five candles fell', keyLevels: [] } },
      },
      {
        match: 'analyst',
        reply: { json: { direction: 0.7, confidence: 0.8, reasoning: 'the last five candles rose', keyLevels: [] } },
      },
    ],
  });
  cfg = config(server.url);
  settings = {
    ...sessionLlmSettings(cfg.llm, { agents: 'llm', cache: 'readwrite' })!,
    every: EVERY,
  };
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
    activities: createBacktestActivities({
      prisma,
      databaseUrl: process.env.DATABASE_URL,
      config: cfg,
      llm: createLlmClient(cfg.llm),
    }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await clients?.sql.close();
  await connection?.close();
  await prisma?.$disconnect();
  await server?.close();
});

function options(): PipelineBacktestOptions {
  const s = resolveStrategy('ema-cross');
  return pipelineOptionsFor({
    symbol: SYMBOL,
    timeframe: '1m',
    decide: 'ensemble',
    instance: s.create(resolveParams(s, PARAMS)),
    initialCapital: 10_000,
    llm: { settings, config: cfg.llm },
  });
}

function answering(runId: string): ModelAnswering {
  return {
    consultant: modelConsultantFor(
      cfg.llm,
      createLlmClient(cfg.llm),
      createRepositories({ prisma, databaseUrl: process.env.DATABASE_URL }).llmCalls,
    ),
    runId,
    cache: settings.cache,
    concurrency: cfg.llm.concurrency,
    budget: cfg.llm.budget,
  };
}

/** The run in chunks ending at `cuts`, its state through JSON between them, as a durable run stores it. */
async function runLocal(series: CandleSeries, runId: string, cuts: number[] = []) {
  const o = options();
  let state: PipelineState = initialPipelineState(o);
  const equity = new Float64Array(series.length);
  const decisions: PipelineDecision[] = [];
  for (const to of [...cuts, series.length]) {
    const c = await runPipelineChunkAsking(series, o, state, to, answering(runId));
    equity.set(c.equity, c.from);
    decisions.push(...c.decisions);
    state = JSON.parse(JSON.stringify(c.state)) as PipelineState;
  }
  return pipelineResult(series, o, state, equity, decisions);
}

const series = walkCandles(N, 31);
let first: Awaited<ReturnType<typeof runLocal>>;

test('a run asks the model on every EVERY-th candle, its answers decide, and every call is recorded', async () => {
  const before = server.chatRequests().length;
  first = await runLocal(series, 'it-llm-bt-1');
  const asked = server.chatRequests().length - before;
  // Five analysts at each asking candle, and the coordinator (ensemble, llm: always heard); the
  // review only on the entries the rules approve.
  expect(asked).toBeGreaterThanOrEqual((N / EVERY - 1) * 6);
  expect(first.trades.length).toBeGreaterThan(0);
  const byModel = first.decisions.filter((d) => d.reasons.some((r) => r.includes('coordinator model decides')));
  expect(byModel.length).toBeGreaterThan(0);
  // The same candles on the rules alone decide otherwise: the answers mattered.
  const rules = runPipelineBacktest(series, { ...options(), llm: undefined });
  expect(JSON.stringify(rules.trades)).not.toBe(JSON.stringify(first.trades));
  const rows = await prisma.llmCall.count({ where: { backtestRunId: 'it-llm-bt-1', cacheHit: false } });
  expect(rows).toBe(asked);
});

test('a rerun makes zero model calls and trades the same; so does a run cut into chunks', async () => {
  const before = server.chatRequests().length;
  const again = await runLocal(series, 'it-llm-bt-2');
  const cut = await runLocal(series, 'it-llm-bt-3', [137, 600, 601, 999]);
  expect(server.chatRequests().length - before).toBe(0);
  expect(again.trades).toEqual(first.trades);
  expect(again.decisions).toEqual(first.decisions);
  expect(cut.trades).toEqual(first.trades);
  expect(cut.decisions).toEqual(first.decisions);
  expect(Array.from(cut.equity)).toEqual(Array.from(first.equity));
  const hits = await prisma.llmCall.findMany({ where: { backtestRunId: 'it-llm-bt-2' } });
  expect(hits.length).toBeGreaterThan(0);
  expect(hits.every((h) => h.cacheHit && h.costUsd === 0)).toBe(true);
});

test('the durable run on a worker gives the local report, from the cache, in chunks that resume', async () => {
  const before = server.chatRequests().length;
  const started = await startDurableBacktest(clients, {
    decide: 'ensemble',
    pipeline: { symbol: SYMBOL, llm: settings },
    strategy: 'ema-cross',
    params: PARAMS,
    config: backtestConfig(),
    data: { series, file: 'llm.csv' },
    timeframe: '1m',
    chunkCandles: 401,
    checkpointCandles: 97,
  });
  await waitForDurableBacktest(clients, started.runId);
  const { text } = await loadDurablePipelineReport(clients, started.runId);
  expect(text).toBe(JSON.stringify(pipelineReport('ensemble', first)));
  expect(server.chatRequests().length - before).toBe(0);
  expect(await prisma.llmCall.count({ where: { backtestRunId: started.runId } })).toBeGreaterThan(0);
});
