// The durable backtest: prepare (candles + the strategy's advice over the whole series, stored in
// PostgreSQL), then the engine in chunks, each resuming from the previous chunk's EngineState, then
// finalize (exact result, metrics, trade rows). History holds only small states and counts.
// `decide` strategy | ensemble runs the whole agent pipeline instead: chunks of runPipelineChunk,
// each resuming from the state the previous one stored in PostgreSQL.
import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { initialEngineState } from '../core/backtest/engine-state';
import type { BacktestActivities } from '../activities/backtest';
import { backtestChunk, backtestIo } from './activity-options';
import {
  DEFAULT_CHECKPOINT_CANDLES,
  DEFAULT_CHUNK_CANDLES,
  type BacktestOutcome,
  type BacktestProgress,
  type BacktestWorkflowInput,
} from './backtest-contract';
import { backtestProgressQuery } from './definitions';
import { failureMessage } from './failure-message';

const io =
  proxyActivities<
    Pick<BacktestActivities, 'backtestPrepare' | 'backtestFinalize' | 'backtestMarkRun' | 'backtestPipelineFinalize'>
  >(backtestIo);
const { backtestChunk: runChunk, backtestPipelineChunk: runPipelineChunk } =
  proxyActivities<Pick<BacktestActivities, 'backtestChunk' | 'backtestPipelineChunk'>>(backtestChunk);

export async function backtest(input: BacktestWorkflowInput): Promise<BacktestOutcome> {
  const progress: BacktestProgress = { runId: input.runId, phase: 'preparing', done: 0, total: 0, chunk: 0, chunks: 0 };
  setHandler(backtestProgressQuery, () => progress);
  const chunkCandles = Math.max(1, Math.floor(input.chunkCandles ?? DEFAULT_CHUNK_CANDLES));
  const checkpointCandles = Math.max(1, Math.floor(input.checkpointCandles ?? DEFAULT_CHECKPOINT_CANDLES));
  try {
    const prepared = await io.backtestPrepare(input);
    progress.total = prepared.candles;
    progress.chunks = Math.ceil(prepared.candles / chunkCandles);
    progress.phase = 'running';
    const decide = input.decide ?? 'strategy-only';
    if (decide !== 'strategy-only') {
      const settings = input.pipeline;
      if (!settings) throw ApplicationFailure.nonRetryable(`--decide ${decide} needs the pipeline settings`);
      const timeframe = prepared.timeframe!;
      let next = 0;
      while (next < prepared.candles) {
        const to = Math.min(prepared.candles, next + chunkCandles);
        const r = await runPipelineChunk({
          runId: input.runId,
          decide,
          strategy: input.strategy,
          params: input.params,
          initialCapital: input.config.initialCapital,
          timeframe,
          settings,
          from: next,
          to,
          checkpointCandles,
        });
        next = r.next;
        progress.done = next;
        progress.chunk++;
      }
      progress.phase = 'finalizing';
      const outcome = await io.backtestPipelineFinalize({
        runId: input.runId,
        decide,
        initialCapital: input.config.initialCapital,
        timeframe,
        symbol: settings.symbol,
      });
      progress.phase = 'completed';
      return outcome;
    }
    let state = initialEngineState(input.config.initialCapital);
    while (state.next < prepared.candles) {
      const to = Math.min(prepared.candles, state.next + chunkCandles);
      const r = await runChunk({ runId: input.runId, config: input.config, state, to, checkpointCandles });
      state = r.state;
      progress.done = state.next;
      progress.chunk++;
    }
    progress.phase = 'finalizing';
    const symbol = input.source.kind === 'candles' ? input.source.symbol : input.source.label;
    const outcome = await io.backtestFinalize({
      runId: input.runId,
      state,
      initialCapital: input.config.initialCapital,
      timeframeMs: prepared.timeframeMs,
      symbol,
    });
    progress.phase = 'completed';
    return outcome;
  } catch (e) {
    const cancelled = isCancellation(e);
    progress.phase = cancelled ? 'cancelled' : 'failed';
    progress.error = cancelled ? undefined : failureMessage(e);
    // Recorded even though the workflow itself was cancelled.
    await CancellationScope.nonCancellable(() =>
      io.backtestMarkRun({ runId: input.runId, status: cancelled ? 'cancelled' : 'failed', error: progress.error }),
    );
    throw e;
  }
}
