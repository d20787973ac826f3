// The activities without a workflow: a retried chunk resumes from its last heartbeat checkpoint
// (not from the chunk start) and the result is still --local's; the whole path also works over
// Prisma's raw queries (the fallback when the worker has no database URL for pg).
import { MockActivityEnvironment } from '@temporalio/testing';
import { createBacktestActivities } from '../../../activities/backtest';
import { backtestConfig } from '../../../core/backtest/config';
import { initialEngineState, type EngineState } from '../../../core/backtest/engine-state';
import { backtestReport } from '../../../core/backtest/report';
import { loadDurableResult } from '../../../infra/services/backtests/client';
import { createBacktestRunRepository } from '../../../infra/adapters/db/repositories/backtest-runs';
import { sqlFromPool, sqlFromPrisma, type Sql } from '../../../infra/adapters/db/sql';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import type { BacktestChunkResult, BacktestOutcome, BacktestWorkflowInput } from '../../../workflows/backtest-contract';
import { expectSameReport, localJson, walkCandles } from './fixtures';

jest.setTimeout(60_000);

let prisma: PrismaClient;
let pool: Sql;

beforeAll(() => {
  prisma = createPrisma(process.env.DATABASE_URL);
  pool = sqlFromPool(process.env.DATABASE_URL!);
});

afterAll(async () => {
  await pool?.close();
  await prisma?.$disconnect();
});

const N = 10_000;
const STEP = 1_000;
const series = walkCandles(N, 33);
const config = backtestConfig({ stopLossPct: 1, takeProfitPct: 2 });
const params = { fast: 8, slow: 30, allowShort: true };

async function newRun(sql: Sql, runId: string): Promise<BacktestWorkflowInput> {
  const input: BacktestWorkflowInput = {
    runId,
    strategy: 'ema-cross',
    params,
    config,
    source: { kind: 'stored', label: 'resume.csv' },
    timeframeMs: 60_000,
  };
  await createBacktestRunRepository(sql).createRun(
    {
      id: runId,
      strategy: 'ema-cross',
      version: null,
      params,
      exchange: 'file',
      symbol: 'resume.csv',
      timeframe: '1m',
      fromMs: series.time[0],
      toMs: series.time[N - 1],
      workflowId: `backtest-${runId}`,
      request: input,
    },
    series,
  );
  return input;
}

function heartbeatsOf(env: MockActivityEnvironment): EngineState[] {
  const seen: EngineState[] = [];
  env.on('heartbeat', (d: unknown) => {
    if (d && typeof d === 'object' && 'state' in d) seen.push((d as { state: EngineState }).state);
  });
  return seen;
}

it.each([
  ['pg', () => pool],
  ['Prisma raw queries', () => sqlFromPrisma(prisma)],
])('a retried chunk resumes from its last heartbeat checkpoint (%s)', async (name, sqlOf) => {
  const sql = sqlOf();
  const runId = `resume-${name.replace(/\W/g, '')}-${Date.now()}`;
  const input = await newRun(sql, runId);

  // First attempt: prepare, then the single chunk over everything, checkpointing every STEP.
  const first = createBacktestActivities({ prisma, sql });
  await new MockActivityEnvironment().run(first.backtestPrepare, input);
  const env1 = new MockActivityEnvironment();
  const beats1 = heartbeatsOf(env1);
  const chunkInput = {
    runId,
    config,
    state: initialEngineState(config.initialCapital),
    to: N,
    checkpointCandles: STEP,
  };
  const full: BacktestChunkResult = await env1.run(first.backtestChunk, chunkInput);
  expect(beats1.map((s) => s.next)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => k * STEP));

  // The retry (on another worker: nothing cached) saw the heartbeat of checkpoint 3000 only; the
  // checkpoints after it are lost (as if the worker died before writing them).
  await sql.query(`DELETE FROM backtest_run_chunks WHERE run_id = $1 AND start >= 3000`, [runId]);
  const retry = createBacktestActivities({ prisma, sql });
  const env2 = new MockActivityEnvironment({ heartbeatDetails: { state: beats1[2] }, attempt: 2 });
  const beats2 = heartbeatsOf(env2);
  const again: BacktestChunkResult = await env2.run(retry.backtestChunk, chunkInput);
  expect(beats2.map((s) => s.next)).toEqual([4, 5, 6, 7, 8, 9, 10].map((k) => k * STEP)); // resumed, not restarted
  expect(again.state).toEqual(full.state);

  const outcome: BacktestOutcome = await new MockActivityEnvironment().run(retry.backtestFinalize, {
    runId,
    state: again.state,
    initialCapital: config.initialCapital,
    timeframeMs: 60_000,
    symbol: 'resume.csv',
  });
  expect(outcome.candles).toBe(N);
  const { result, series: times } = await loadDurableResult({ sql }, runId);
  const expected = localJson(series, 'ema-cross', params, config, 60_000);
  expectSameReport(JSON.stringify(backtestReport(times, result)), expected);
  expect(outcome.trades).toBe(JSON.parse(expected).trades.length);
  expect(await prisma.backtestTrade.count({ where: { runId } })).toBe(outcome.trades);
  expect(await prisma.backtestEquityPoint.count({ where: { runId } })).toBeGreaterThan(0);
  expect((await createBacktestRunRepository(sql).getRun(runId))?.status).toBe('completed');

  // A finalize retried after it stored the result (its worker died before reporting) reports it again.
  const fresh = createBacktestActivities({ prisma, sql });
  const finalizeInput = {
    runId,
    state: again.state,
    initialCapital: config.initialCapital,
    timeframeMs: 60_000,
    symbol: 'resume.csv',
  };
  await expect(new MockActivityEnvironment().run(fresh.backtestFinalize, finalizeInput)).resolves.toEqual(outcome);
  const [kept] = await sql.query<{ bytes: number }>(
    `SELECT length(series) AS bytes FROM backtest_run_data WHERE run_id = $1`,
    [runId],
  );
  expect(Number(kept.bytes)).toBe(N * 8); // only the candle times stay once completed
  expectSameReport(JSON.stringify(backtestReport((await loadDurableResult({ sql }, runId)).series, result)), expected);
});

it('prepare rejects bad input as a non-retryable BacktestInputError naming the problem', async () => {
  const runId = `bad-${Date.now()}`;
  const input = await newRun(pool, runId);
  const acts = createBacktestActivities({ prisma, sql: pool });
  const err = await new MockActivityEnvironment()
    .run(acts.backtestPrepare, { ...input, strategy: 'nope' })
    .catch((e: unknown) => e);
  expect(err).toMatchObject({ type: 'BacktestInputError', nonRetryable: true });
  expect((err as Error).message).toContain('nope');
});
