// The durable backtest's pipeline path (`decide` strategy | ensemble): chunks of runPipelineChunk,
// checkpointed on a fixed grid like the engine's. Each checkpoint's state, decisions, trades and
// equity are stored before its position is heartbeated, so a retried chunk resumes from the last
// stored state and rewrites at most the checkpoint after it, with identical rows. The state stays
// out of workflow history and heartbeats: it holds every closed trade.
import { stitchCheckpoints } from './stitch-checkpoints';
import type { CandleSeries } from '../../core/candles/series';
import { downsampleLine } from '../../core/charts/downsample';
import { pipelineReport } from '../../core/pipeline/pipeline-report';
import {
  initialPipelineState,
  pipelineResult,
  runPipelineChunk,
  type PipelineBacktestOptions,
  type PipelineDecision,
  type PipelineState,
} from '../../core/pipeline/run-pipeline-backtest';
import { resolveParams } from '../../core/strategies/resolve-params';
import { resolveStrategy } from '../../core/strategies/resolve-strategy';
import type { BacktestRunRepository } from '../../infra/adapters/db/repositories/backtest-runs';
import { pipelineOptionsFor } from '../../infra/services/backtests/pipeline-options';
import type {
  BacktestOutcome,
  PipelineChunkInput,
  PipelineChunkResult,
  PipelineFinalizeInput,
} from '../../workflows/backtest-contract';
import { activityAttempt, heartbeat, lastHeartbeat, throwIfCancelled } from './activity-context';
import { backtestInputError } from './input-error';
import type { LlmConfig } from '../../core/config/llm-config-schema';
import { runPipelineChunkAsking, type ModelAnswering } from '../../infra/services/backtests/pipeline-asking';
import type { ModelConsultant } from '../../infra/services/llm/model-consultant';
import { timeframeToMs } from '../../core/candles/timeframe';
import { buildIntelTimeline, type IntelTimeline } from '../../core/intel/intel-timeline';
import type { IntelReader } from '../../core/intel/intel-reader';

const CURVE_POINTS = 2_000;
/** Wall time aimed at between heartbeats inside a checkpoint: far below the chunk's heartbeat timeout. */
const SLICE_MS = 500;
/** The first slice's length: well under a second even in ensemble mode on a busy machine. */
const FIRST_SLICE_CANDLES = 1_000;

export interface PipelineActivityDeps {
  runs: BacktestRunRepository;
  /** What runs whose agents think with a model ask it through; absent: such runs fail at once. */
  models?: { consultant: ModelConsultant; config: LlmConfig; log?: (line: string) => void };
  /** The run's candles, from the worker's memory or PostgreSQL. */
  seriesOf(runId: string): Promise<CandleSeries>;
  progress(runId: string, done: number, total: number): Promise<void>;
  publish(event: string, payload: Record<string, unknown>): Promise<void>;
  forget(runId: string): void;
  /** Stored intelligence (repos.intel); absent: the run's snapshots carry none. */
  intel?: IntelReader;
}

/** The intelligence every candle of [from, to) can see, read once per chunk: views at each close. */
async function chunkIntel(
  reader: IntelReader,
  series: CandleSeries,
  timeframe: string,
  from: number,
  to: number,
): Promise<IntelTimeline | undefined> {
  if (to <= from) return undefined;
  const tf = timeframeToMs(timeframe);
  const rows = await reader.readForViews(series.time[from] + tf, series.time[to - 1] + tf);
  const timeline = buildIntelTimeline(rows.observations, rows.headlines);
  return timeline.empty ? undefined : timeline;
}

function optionsOf(input: PipelineChunkInput, llm: LlmConfig | undefined): PipelineBacktestOptions {
  const strategy = resolveStrategy(input.strategy);
  return pipelineOptionsFor({
    symbol: input.settings.symbol,
    timeframe: input.timeframe,
    decide: input.decide,
    instance: strategy.create(resolveParams(strategy, input.params)),
    initialCapital: input.initialCapital,
    riskLimits: input.settings.riskLimits,
    ...(input.settings.protections ? { protections: input.settings.protections } : {}),
    ...(input.settings.trailingStopPct !== undefined ? { trailingStopPct: input.settings.trailingStopPct } : {}),
    ...(input.settings.llm && llm ? { llm: { settings: input.settings.llm, config: llm } } : {}),
  });
}

export function createPipelineBacktestActivities(d: PipelineActivityDeps) {
  const { runs } = d;

  /** The state at candle `at`: the start, or the checkpoint stored there. */
  async function stateAt(runId: string, at: number, options: PipelineBacktestOptions): Promise<PipelineState | null> {
    return at === 0 ? initialPipelineState(options) : runs.loadPipelineState(runId, at);
  }

  return {
    async backtestPipelineChunk(input: PipelineChunkInput): Promise<PipelineChunkResult> {
      const series = await d.seriesOf(input.runId);
      const llm = input.settings.llm;
      if (llm && !d.models)
        throw backtestInputError(`backtest run ${input.runId} asks a model, and this worker has no LLM client`);
      const options = optionsOf(input, d.models?.config);
      // Point in time by construction: the timeline answers each candle with what was known at its close.
      const intel = d.intel ? await chunkIntel(d.intel, series, input.timeframe, input.from, input.to) : undefined;
      if (intel) options.intel = intel;
      const answering = (start: number): ModelAnswering | undefined =>
        llm && d.models
          ? {
              consultant: d.models.consultant,
              runId: input.runId,
              cache: llm.cache,
              concurrency: d.models.config.concurrency,
              budget: d.models.config.budget,
              attempt: activityAttempt(),
              // Waiting on a model is long next to the chunk's heartbeat timeout: it heartbeats meanwhile.
              tick: () => heartbeat({ next: start }),
              ...(d.models.log ? { log: d.models.log } : {}),
            }
          : undefined;
      const resumed = lastHeartbeat() as { next?: unknown } | undefined;
      const at =
        typeof resumed?.next === 'number' && resumed.next > input.from && resumed.next <= input.to
          ? resumed.next
          : input.from;
      const stored = (await stateAt(input.runId, at, options)) ?? (await stateAt(input.runId, input.from, options));
      if (!stored) throw new Error(`backtest run ${input.runId}: no stored pipeline state at candle ${input.from}`);
      let state: PipelineState = stored;
      const step = Math.max(1, input.checkpointCandles);
      let trades = 0;
      let slice = FIRST_SLICE_CANDLES;
      while (state.next < input.to) {
        throwIfCancelled();
        const k = Math.floor((state.next - input.from) / step) + 1;
        const end = Math.min(input.to, input.from + k * step);
        const start = state.next;
        const before = state.broker.trades.length;
        const equity = new Float64Array(end - start);
        const decisions: PipelineDecision[] = [];
        // A checkpoint can be many seconds of analysts: it runs in slices of about SLICE_MS, each
        // followed by a heartbeat (still naming the last stored checkpoint) and a turn of the event
        // loop to send it.
        do {
          const began = performance.now();
          const asking = answering(start);
          const c = asking
            ? await runPipelineChunkAsking(series, options, state, Math.min(end, state.next + slice), asking)
            : runPipelineChunk(series, options, state, Math.min(end, state.next + slice));
          // Each slice costs a pass over the series besides its candles: slices as long as the time
          // budget allows (the result does not depend on where they end).
          const took = performance.now() - began;
          const fit = took > 0 ? ((c.to - c.from) * SLICE_MS) / took : slice * 4;
          slice = Math.round(Math.max(100, slice / 4, Math.min(100_000, slice * 4, fit)));
          equity.set(c.equity, c.from - start);
          for (const x of c.decisions) decisions.push(x);
          state = c.state;
          if (state.next < end) {
            heartbeat({ next: start });
            await new Promise((r) => setImmediate(r));
            throwIfCancelled();
          }
        } while (state.next < end);
        const closed = state.broker.trades.slice(before);
        await runs.savePipelineChunk(input.runId, { start, end: state.next, state, trades: closed, decisions, equity });
        trades += closed.length;
        heartbeat({ next: state.next });
        await d.progress(input.runId, state.next, series.length);
      }
      await runs.setProgress(input.runId, state.next / series.length);
      return { next: state.next, trades };
    },

    /** Joins the checkpoints into the report `--local` prints, stores it with the rows and curve, completes the run. */
    async backtestPipelineFinalize(input: PipelineFinalizeInput): Promise<BacktestOutcome> {
      const done = await runs.getRun(input.runId);
      if (done?.status === 'completed' && done.metrics)
        return {
          runId: input.runId,
          candles: done.metrics.candles,
          trades: done.metrics.trades,
          finalEquity: done.metrics.finalEquity,
        };
      const series = await d.seriesOf(input.runId);
      const n = series.length;
      const { chunks, last } = await runs.loadPipelineChunks(input.runId);
      const decisions: PipelineDecision[] = [];
      const equity = stitchCheckpoints(input.runId, n, chunks, (c) => {
        for (const x of c.decisions) decisions.push(x);
      });
      if (!last) throw new Error(`backtest run ${input.runId}: checkpoints end at candle ${n} of ${n}`);
      const result = pipelineResult(series, input, last, equity, decisions);
      const m = result.metrics;
      await runs.savePipelineResult(input.runId, {
        metrics: m,
        report: JSON.stringify(pipelineReport(input.decide, result)),
        trades: result.trades.map((t) => ({
          side: t.side,
          entryTime: t.entryTime,
          exitTime: t.exitTime,
          entryPrice: t.entryPrice,
          exitPrice: t.exitPrice,
          quantity: t.quantity,
          pnl: t.pnl,
          fees: t.fee,
          exitReason: t.exitReason,
        })),
        equity,
        finalState: { next: last.next, cycles: last.cycles, holds: last.holds, trades: result.trades.length },
        symbol: input.symbol,
        curve: downsampleLine(series.time, equity, n, CURVE_POINTS).map((p) => ({ time: p.time, equity: p.value })),
      });
      await d.publish('backtest.progress', {
        runId: input.runId,
        phase: 'done',
        done: n,
        total: n,
        pct: 100,
        status: 'completed',
        trades: result.trades.length,
        finalEquity: m.finalEquity,
      });
      d.forget(input.runId);
      return { runId: input.runId, candles: n, trades: result.trades.length, finalEquity: m.finalEquity };
    },
  };
}
