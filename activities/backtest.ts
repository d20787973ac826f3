// Activities of the durable backtest (workflows/backtest.ts): prepare computes the strategy's advice
// once over the whole series (recursive indicators must never restart from a truncated warm-up),
// chunks run only the engine from a saved EngineState, finalize assembles the exact result. A
// pipeline run (`decide` strategy | ensemble) prepares only the candles; its chunks are in
// backtest/pipeline-activities.ts.
import { stitchCheckpoints } from './backtest/stitch-checkpoints';
import type Redis from 'ioredis';
import { runEngine } from '../core/backtest/engine';
import { parseEngineState, type EngineState } from '../core/backtest/engine-state';
import { minimumCandles } from '../core/backtest/run-backtest';
import type { Trade } from '../core/backtest/trade';
import type { CandleSeries } from '../core/candles/series';
import { inferTimeframeMs } from '../core/candles/timeframe';
import { validateCandleSeries } from '../core/candles/validate-candle';
import { computeMetrics } from '../core/metrics/metrics';
import { adviseAll } from '../core/strategies/advise-at';
import { resolveParams } from '../core/strategies/resolve-params';
import { resolveStrategy } from '../core/strategies/resolve-strategy';
import { createRepositories, type PrismaClient, type Repositories, type Sql } from '../infra/adapters/db';
import type { ChunkRow } from '../infra/adapters/db/repositories/backtest-runs';
import { readCandleSeries } from '../infra/adapters/market-data/candle-store';
import type {
  BacktestChunkInput,
  BacktestChunkResult,
  BacktestOutcome,
  BacktestWorkflowInput,
  PreparedBacktest,
} from '../workflows/backtest-contract';
import { downsampleLine } from '../core/charts/downsample';
import { bestEffortPublisher, throttled } from './publish-best-effort';
import { backtestInputError } from './backtest/input-error';
import { SeriesCache, type PreparedData } from './backtest/series-cache';
import { heartbeat, lastHeartbeat, throwIfCancelled } from './backtest/activity-context';
import { createPipelineBacktestActivities } from './backtest/pipeline-activities';
import type { OpenTradeConfig } from '../core/config/schema';
import type { LlmPort } from '../core/llm/llm-call';
import { modelConsultantFor } from '../infra/services/llm/model-consultant';
import { pipelineTimeframe } from './backtest/pipeline-timeframe';

import { backtestFinished } from '../core/notify/run-notifications';
import type { NotificationPublisher } from '../infra/services/notify/notification-publisher';
import { activityNotifier } from './notifier';

export interface BacktestDeps {
  prisma: PrismaClient;
  /** Bulk bytea goes through pg directly on it (4× faster than Prisma's adapter); else DATABASE_URL, else Prisma. */
  databaseUrl?: string;
  /** The backtest-runs repository's connection, when the caller has one (tests pin the Prisma path with it). */
  sql?: Sql;
  /** Progress events (backtest.progress) for the dashboards; none without it. */
  redis?: Redis;
  /** The worker's config and LLM client: runs whose agents think with a model ask through them. */
  config?: Pick<OpenTradeConfig, 'llm'> & Partial<Pick<OpenTradeConfig, 'notifications'>>;
  llm?: LlmPort;
  log?: (line: string) => void;
  notifier?: NotificationPublisher;
}

const CURVE_POINTS = 2_000;

/** `repos`: the worker's, when it built them; else built here from `deps`. */
export function createBacktestActivities(
  deps: BacktestDeps,
  repos: Pick<Repositories, 'backtestRuns'> & Partial<Pick<Repositories, 'llmCalls'>> = createRepositories(deps),
) {
  const publish = bestEffortPublisher(deps.redis, deps.log);
  const notifier = activityNotifier(deps);
  const progress = throttled(250, (runId: string, done: number, total: number) =>
    publish('backtest.progress', {
      runId,
      phase: 'running',
      done,
      total,
      pct: total ? (done / total) * 100 : 0,
      status: 'running',
    }),
  );
  const runs = repos.backtestRuns;
  const cache = new SeriesCache();

  async function loadCandleTable(
    source: Extract<BacktestWorkflowInput['source'], { kind: 'candles' }>,
  ): Promise<CandleSeries> {
    const series = await readCandleSeries(
      deps.prisma,
      { exchange: source.exchange, symbol: source.symbol, timeframe: source.timeframe },
      { from: source.fromMs ?? undefined, to: source.toMs ?? undefined },
    );
    try {
      validateCandleSeries(series);
    } catch (e) {
      throw backtestInputError((e as Error).message);
    }
    if (series.length === 0)
      throw backtestInputError(
        `no candles in the database for ${source.exchange} ${source.symbol} ${source.timeframe} in the requested range`,
      );
    return series;
  }

  function computeAdvice(input: Pick<BacktestWorkflowInput, 'strategy' | 'params'>, series: CandleSeries) {
    let instance;
    try {
      const strategy = resolveStrategy(input.strategy);
      instance = strategy.create(resolveParams(strategy, input.params));
      const need = minimumCandles(instance);
      if (series.length < need)
        throw new Error(
          `too little data: ${strategy.id} with ${JSON.stringify(input.params)} needs at least ${need} candles, got ${series.length}`,
        );
    } catch (e) {
      throw backtestInputError((e as Error).message);
    }
    return adviseAll(instance, series);
  }

  /** The run's candles and advice: from this worker's memory, else from PostgreSQL. */
  async function prepared(runId: string): Promise<PreparedData> {
    const hit = cache.get(runId);
    if (hit) return hit;
    const series = await runs.loadSeries(runId);
    if (!series) throw new Error(`backtest run ${runId} has no stored series (prepare did not finish)`);
    const data = { series, advice: await runs.loadAdvice(runId, series.length), segments: new Map<number, ChunkRow>() };
    cache.set(runId, data);
    return data;
  }

  // Pipeline runs have no advice: their candles are remembered apart (the last two runs'), by run id.
  const pipelineSeries = new Map<string, CandleSeries>();
  const rememberSeries = (runId: string, series: CandleSeries) => {
    pipelineSeries.delete(runId);
    pipelineSeries.set(runId, series);
    while (pipelineSeries.size > 2) pipelineSeries.delete(pipelineSeries.keys().next().value as string);
  };
  const llm = deps.config?.llm;
  const pipeline = createPipelineBacktestActivities({
    runs,
    ...(deps.llm && llm && repos.llmCalls
      ? {
          models: {
            consultant: modelConsultantFor(llm, deps.llm, repos.llmCalls),
            config: llm,
            ...(deps.log ? { log: deps.log } : {}),
          },
        }
      : {}),
    async seriesOf(runId) {
      const hit = pipelineSeries.get(runId);
      if (hit) return hit;
      const series = await runs.loadSeries(runId);
      if (!series) throw new Error(`backtest run ${runId} has no stored series (prepare did not finish)`);
      rememberSeries(runId, series);
      return series;
    },
    progress: (runId, done, total) => progress(runId, done, total),
    publish: (event, payload) => publish(event, payload),
    forget: (runId) => pipelineSeries.delete(runId),
  });

  return {
    ...pipeline,

    /** Loads the candles (stores a Candle-table range with the run), validates, computes and stores the advice. */
    async backtestPrepare(input: BacktestWorkflowInput): Promise<PreparedBacktest> {
      const run = await runs.getRun(input.runId);
      if (!run) throw backtestInputError(`unknown backtest run ${input.runId}`);
      await runs.setStatus(input.runId, 'running');
      let series = input.source.kind === 'stored' ? await runs.loadSeries(input.runId) : null;
      if (!series) {
        if (input.source.kind === 'stored')
          throw backtestInputError(`backtest run ${input.runId} has no uploaded candles`);
        series = await loadCandleTable(input.source);
        heartbeat();
        await runs.saveSeries(input.runId, series);
      }
      heartbeat();
      const inferred = input.timeframeMs ?? inferTimeframeMs(series);
      const timeframeMs = Number.isFinite(inferred) && inferred > 0 ? inferred : 86_400_000;
      if ((input.decide ?? 'strategy-only') !== 'strategy-only') {
        const timeframe = pipelineTimeframe(input, series, timeframeMs);
        rememberSeries(input.runId, series);
        return { candles: series.length, timeframeMs, timeframe };
      }
      const advice = computeAdvice(input, series);
      await runs.saveAdvice(input.runId, advice);
      cache.set(input.runId, { series, advice, segments: new Map() });
      return { candles: series.length, timeframeMs };
    },

    /**
     * The engine over [state.next, to), checkpointed every `checkpointCandles` on a fixed grid: each
     * checkpoint's trades and equity are stored, then the state is heartbeated, so a retry resumes
     * from the last checkpoint and rewrites at most the one after it with identical rows.
     */
    async backtestChunk(input: BacktestChunkInput): Promise<BacktestChunkResult> {
      const { series, advice, segments } = await prepared(input.runId);
      const from = input.state.next;
      let state: EngineState = parseEngineState(input.state);
      const resumed = lastHeartbeat() as { state?: unknown } | undefined;
      if (resumed?.state) {
        const s = parseEngineState(resumed.state);
        if (s.next >= from && s.next <= input.to) state = s;
      }
      const step = Math.max(1, input.checkpointCandles);
      let trades = 0;
      while (state.next < input.to) {
        throwIfCancelled();
        const k = Math.floor((state.next - from) / step) + 1;
        const end = Math.min(input.to, from + k * step);
        const seg = runEngine(series, advice, input.config, state, end);
        const row = { start: seg.from, end: seg.to, state: seg.state, trades: seg.trades, equity: seg.equity };
        await runs.saveChunk(input.runId, row);
        segments.set(row.start, row);
        trades += seg.trades.length;
        state = seg.state;
        heartbeat({ state });
        await progress(input.runId, state.next, series.length);
        if (seg.from === seg.to) break;
      }
      await runs.setProgress(input.runId, state.next / series.length);
      return { state, trades };
    },

    /** Joins the checkpoints into the exact result, computes the metrics, stores everything, completes the run. */
    async backtestFinalize(input: {
      runId: string;
      state: EngineState;
      initialCapital: number;
      timeframeMs: number;
      symbol: string;
    }): Promise<BacktestOutcome> {
      // A retry after the result was stored (the worker died before reporting it) only reports it.
      const done = await runs.getRun(input.runId);
      if (done?.status === 'completed' && done.metrics)
        return {
          runId: input.runId,
          candles: done.metrics.candles,
          trades: done.metrics.trades,
          finalEquity: done.metrics.finalEquity,
        };
      const { series, segments } = await prepared(input.runId);
      // The stored checkpoints are the truth; this worker's copies of them spare reading them back.
      const stored = await runs.listChunks(input.runId);
      const local = stored
        .map((c) => segments.get(c.start))
        .filter((c): c is ChunkRow => c !== undefined && stored.some((x) => x.start === c.start && x.end === c.end));
      const chunks = local.length === stored.length ? local : await runs.loadChunks(input.runId);
      const n = series.length;
      const trades: Trade[] = [];
      const equity = stitchCheckpoints(input.runId, n, chunks, (c) => {
        for (const t of c.trades) trades.push(t);
      });
      const state = parseEngineState(input.state);
      const metrics = computeMetrics({
        equity,
        time: series.time,
        trades,
        initialCapital: input.initialCapital,
        timeframeMs: input.timeframeMs,
        feesPaid: state.feesPaid,
        fundingPaid: state.fundingPaid,
        exposedCandles: state.exposedCandles,
        returnStats: state.returns,
      });
      await runs.saveResult(input.runId, {
        metrics,
        trades,
        equity,
        state,
        symbol: input.symbol,
        curve: downsampleLine(series.time, equity, equity.length, CURVE_POINTS).map((p) => ({
          time: p.time,
          equity: p.value,
        })),
      });
      await publish('backtest.progress', {
        runId: input.runId,
        phase: 'done',
        done: n,
        total: n,
        pct: 100,
        status: 'completed',
        trades: trades.length,
        finalEquity: metrics.finalEquity,
      });
      cache.delete(input.runId);
      await notifier.publish([
        backtestFinished({ ...metrics, runId: input.runId, symbol: input.symbol, at: Date.now() }),
      ]);
      return { runId: input.runId, candles: n, trades: trades.length, finalEquity: metrics.finalEquity };
    },

    /** Records a failed or cancelled run (a finished run keeps its status). */
    async backtestMarkRun(input: { runId: string; status: 'failed' | 'cancelled'; error?: string }): Promise<void> {
      await runs.setStatus(input.runId, input.status, input.error);
      await runs.discardWork(input.runId);
      await publish('backtest.progress', {
        runId: input.runId,
        phase: input.status,
        status: input.status,
        ...(input.error ? { error: input.error } : {}),
      });
      cache.delete(input.runId);
      pipelineSeries.delete(input.runId);
    },
  };
}

export type BacktestActivities = ReturnType<typeof createBacktestActivities>;
