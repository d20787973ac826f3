// The durable backtest's chunk loop with mocked activities. The mocked chunk works as the real one:
// it checkpoints every `checkpointCandles`, heartbeats the state after each checkpoint, and a retry
// starts from the last heartbeated state instead of the chunk's start.
import { backtest } from '../../workflows/backtest';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { BacktestActivities } from '../../activities/backtest';
import { DEFAULT_BACKTEST_CONFIG } from '../../core/backtest/config';
import type { EngineState } from '../../core/backtest/engine-state';
import {
  backtestWorkflowId,
  type BacktestChunkInput,
  type BacktestOutcome,
  type BacktestProgress,
  type BacktestWorkflowInput,
} from '../../workflows/backtest-contract';
import { backtestProgressQuery } from '../../workflows/definitions';
import { callsOf, eventually, logged, names, withWorker, type Call, testEnvPerFile } from './harness';

const env = testEnvPerFile();

const CANDLES = 1_000;

function input(runId: string): BacktestWorkflowInput {
  return {
    runId,
    strategy: 'ema-cross',
    params: {},
    config: DEFAULT_BACKTEST_CONFIG,
    source: { kind: 'stored', label: 'test' },
    timeframeMs: 60_000,
    chunkCandles: 300,
    checkpointCandles: 100,
  };
}

interface Engine {
  /** Every [from, to) the engine ran, with the attempt that ran it: a resumed chunk repeats none. */
  segments: { from: number; to: number; attempt: number }[];
  /** Chunk starts whose first attempt dies after its first checkpoint. */
  crashAt: Set<number>;
  /** Chunk starts that wait for this promise before running (to query the workflow mid-run). */
  holdAt: Map<number, Promise<void>>;
}

/** One "candle" adds 1 to the cash: the final state says how many candles ran, counting repeats. */
function mockChunk(engine: Engine): BacktestActivities['backtestChunk'] {
  return async (c: BacktestChunkInput) => {
    const ctx = Context.current();
    await engine.holdAt.get(c.state.next);
    let state: EngineState = c.state;
    const resumed = ctx.info.heartbeatDetails as { state?: EngineState } | undefined;
    if (resumed?.state) state = resumed.state;
    while (state.next < c.to) {
      const end = Math.min(c.to, state.next + c.checkpointCandles);
      engine.segments.push({ from: state.next, to: end, attempt: ctx.info.attempt });
      state = { ...state, next: end, cash: state.cash + (end - state.next) };
      ctx.heartbeat({ state });
      if (ctx.info.attempt === 1 && engine.crashAt.has(c.state.next)) {
        // The worker dies a moment after its checkpoint went out.
        await new Promise((r) => setTimeout(r, 300));
        throw new Error('injected: worker lost mid-chunk');
      }
    }
    return { state, trades: 1 };
  };
}

function backtestMocks(calls: Call[], engine: Engine, over: Partial<BacktestActivities> = {}) {
  const mocks: Pick<BacktestActivities, 'backtestPrepare' | 'backtestChunk' | 'backtestFinalize' | 'backtestMarkRun'> =
    {
      backtestPrepare: async () => ({ candles: CANDLES, timeframeMs: 60_000 }),
      backtestChunk: mockChunk(engine),
      backtestFinalize: async (f) => ({ runId: f.runId, candles: f.state.next, trades: 4, finalEquity: f.state.cash }),
      backtestMarkRun: async () => undefined,
      ...over,
    };
  return logged(calls, mocks);
}

test('a chunk that fails mid-run is retried from its last checkpoint, and progress is queryable throughout', async () => {
  const calls: Call[] = [];
  let release!: () => void;
  const engine: Engine = {
    segments: [],
    crashAt: new Set([300]),
    holdAt: new Map([[600, new Promise<void>((r) => (release = r))]]),
  };
  const runId = 'resume';
  const outcome: BacktestOutcome = await withWorker(env(), backtestMocks(calls, engine), async (taskQueue) => {
    const handle = await env().client.workflow.start(backtest, {
      taskQueue,
      workflowId: backtestWorkflowId(runId),
      args: [input(runId)],
    });
    try {
      // Held at the third chunk: two chunks done, one of them after a retry.
      const mid = await eventually(
        () => handle.query(backtestProgressQuery),
        (p) => p.chunk === 2,
        'two chunks done',
      );
      expect(mid).toEqual<BacktestProgress>({
        runId,
        phase: 'running',
        done: 600,
        total: CANDLES,
        chunk: 2,
        chunks: 4,
      });
    } finally {
      release(); // else the worker's shutdown waits for the held chunk
    }
    const out = await handle.result();
    expect(await handle.query(backtestProgressQuery)).toMatchObject({ phase: 'completed', done: CANDLES, chunk: 4 });
    return out;
  });

  const chunkCalls = callsOf(calls, 'backtestChunk').map((c) => ({ from: c.args[0].state.next, to: c.args[0].to }));
  // The failed chunk is retried with the same input; the workflow never re-plans it.
  expect(chunkCalls).toEqual([
    { from: 0, to: 300 },
    { from: 300, to: 600 },
    { from: 300, to: 600 },
    { from: 600, to: 900 },
    { from: 900, to: CANDLES },
  ]);
  // The retry (attempt 2) took up at 400, where the first attempt's checkpoint was: no candle ran twice.
  expect(engine.segments.filter((s) => s.from >= 300 && s.to <= 600)).toEqual([
    { from: 300, to: 400, attempt: 1 },
    { from: 400, to: 500, attempt: 2 },
    { from: 500, to: 600, attempt: 2 },
  ]);
  // Each chunk started from the state the previous one returned, so the cash counts every candle once.
  expect(outcome).toEqual({
    runId,
    candles: CANDLES,
    trades: 4,
    finalEquity: DEFAULT_BACKTEST_CONFIG.initialCapital + CANDLES,
  });
  expect(names(calls)).not.toContain('backtestMarkRun');
});

test('bad input in a chunk is not retried: the run is marked failed and the workflow fails', async () => {
  const calls: Call[] = [];
  const engine: Engine = { segments: [], crashAt: new Set(), holdAt: new Map() };
  const runId = 'bad-input';
  const chunk = mockChunk(engine);
  const mocks = backtestMocks(calls, engine, {
    // Retryable as far as the error itself says: the preset's non-retryable types must stop it.
    backtestChunk: async (c) =>
      c.state.next === 300
        ? Promise.reject(
            ApplicationFailure.create({ type: 'BacktestInputError', message: 'injected: strategy rejects its params' }),
          )
        : chunk(c),
  });
  const failure = await withWorker(env(), mocks, (taskQueue) =>
    env()
      .client.workflow.execute(backtest, { taskQueue, workflowId: backtestWorkflowId(runId), args: [input(runId)] })
      .then(
        () => undefined,
        (e: unknown) => e,
      ),
  );
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect(callsOf(calls, 'backtestChunk')).toHaveLength(2);
  expect(callsOf(calls, 'backtestMarkRun').map((c) => c.args[0])).toEqual([
    { runId, status: 'failed', error: 'injected: strategy rejects its params' },
  ]);
  expect(names(calls)).not.toContain('backtestFinalize');
});
