// The client side of durable backtests (CLI, bench, tests): validate and upload the input, start the
// `backtest` workflow, follow its progress query, read the exact result back, cancel.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure } from '@temporalio/common';
import type { BacktestConfig } from '../../../core/backtest/config';
import type { BacktestResult } from '../../../core/backtest/run-backtest';
import { minimumCandles } from '../../../core/backtest/run-backtest';
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import { timeframeToMs } from '../../../core/candles/timeframe';
import { looksLikeStrategyPath } from '../../../core/strategies/load-strategy-file';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import type { Strategy } from '../../../core/strategies/strategy';
import { RiskLimitsSchema, type RiskLimits } from '../../../core/config/schema';
import { assertTrailingDistance } from '../../../core/exits/trailing-stop';
import {
  BACKTEST_DECISION_MODES,
  type BacktestDecisionMode,
  type DecisionMode,
} from '../../../core/pipeline/decision-mode';
import type { ProtectionsConfig } from '../../../core/protections/types';
import { simMarketOf } from './pipeline-options';
import type { BacktestLlmSettings } from '../../../core/llm/cycle-llm-settings';
import { ConflictError, NotFoundError, RefusedError, UnavailableError, ValidationError } from '../../../core/errors';
import type { PrismaClient } from '../../adapters/db';
import {
  backtestWorkflowId,
  type BacktestOutcome,
  type BacktestProgress,
  type BacktestSource,
  type BacktestWorkflowInput,
} from '../../../workflows/backtest-contract';
import { backtest } from '../../../workflows/backtest';
import { backtestProgressQuery, TASK_QUEUES } from '../../../workflows/definitions';
import {
  createBacktestRunRepository,
  FINAL_STATUSES,
  type BacktestRunRow,
} from '../../adapters/db/repositories/backtest-runs';
import type { Sql } from '../../adapters/db/sql';

export interface DurableBacktestClients {
  temporal: Client;
  sql: Sql;
  /** Counts Candle-table rows when the run reads the database. */
  prisma: PrismaClient;
  /** Defaults to TASK_QUEUES.backtest. */
  taskQueue?: string;
}

export type DurableBacktestData =
  | { series: CandleSeries; file: string }
  | { exchange: string; symbol: string; timeframe: string; fromMs?: number; toMs?: number };

export interface DurableBacktestRequest {
  /** A built-in id or a strategy file path (made absolute, so the worker finds it). */
  strategy: string;
  params: unknown;
  config: BacktestConfig;
  data: DurableBacktestData;
  /** e.g. "1m": the annualisation (as --local); inferred from the candles when absent. */
  timeframe?: string;
  chunkCandles?: number;
  checkpointCandles?: number;
  /** Default strategy-only. */
  decide?: BacktestDecisionMode;
  /** strategy / ensemble only. */
  pipeline?: {
    /** Default BTC/USDT, as `--local`. */
    symbol?: string;
    protections?: ProtectionsConfig;
    trailingStopPct?: number;
    /** Default: the risk limits a config without a risk section has. */
    riskLimits?: RiskLimits;
    /** Agents that think with a model (resolved from the config by the caller); absent: all on their rules. */
    llm?: BacktestLlmSettings;
  };
}

export interface StartedBacktest {
  runId: string;
  workflowId: string;
  strategy: Strategy<any>;
  params: Record<string, unknown>;
  decide: BacktestDecisionMode;
}

export function newRunId(): string {
  return `bt${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

function resolveInput(req: DurableBacktestRequest): {
  strategy: Strategy<any>;
  spec: string;
  params: Record<string, unknown>;
  timeframeMs: number | null;
} {
  const spec = looksLikeStrategyPath(req.strategy) ? path.resolve(req.strategy) : req.strategy;
  const strategy = resolveStrategy(spec);
  const params = resolveParams(strategy, req.params) as Record<string, unknown>;
  let timeframeMs: number | null = null;
  if (req.timeframe !== undefined) {
    try {
      timeframeMs = timeframeToMs(req.timeframe);
    } catch (e) {
      throw new ValidationError((e as Error).message, { field: 'timeframe' });
    }
  }
  return { strategy, spec, params, timeframeMs };
}

/** Validates everything it can before anything is stored or started: bad input starts nothing. */
export async function startDurableBacktest(
  c: DurableBacktestClients,
  req: DurableBacktestRequest,
): Promise<StartedBacktest> {
  const { strategy, spec, params, timeframeMs } = resolveInput(req);
  const decide = req.decide ?? 'strategy-only';
  if (!(BACKTEST_DECISION_MODES as readonly string[]).includes(decide))
    throw new ValidationError(`decide must be one of ${BACKTEST_DECISION_MODES.join(', ')}, got "${String(decide)}"`, {
      field: 'decide',
    });
  let pipeline: BacktestWorkflowInput['pipeline'];
  if (decide !== 'strategy-only') {
    const p = req.pipeline ?? {};
    const symbol = p.symbol ?? 'BTC/USDT';
    simMarketOf(symbol);
    if (p.trailingStopPct !== undefined) assertTrailingDistance(p.trailingStopPct);
    pipeline = {
      symbol,
      riskLimits: p.riskLimits ?? RiskLimitsSchema.parse({}),
      ...(p.protections ? { protections: p.protections } : {}),
      ...(p.trailingStopPct !== undefined ? { trailingStopPct: p.trailingStopPct } : {}),
      ...(p.llm ? { llm: p.llm } : {}),
    };
  }
  const need = minimumCandles(strategy.create(params));
  const tooFew = (got: number) =>
    new RefusedError(
      `too little data: ${strategy.id} with ${JSON.stringify(params)} needs at least ${need} candles, got ${got}`,
    );
  let source: BacktestSource;
  let range: { fromMs: number; toMs: number; exchange: string; symbol: string; timeframe: string };
  let series: CandleSeries | undefined;
  if ('series' in req.data) {
    series = req.data.series;
    if (series.length < need) throw tooFew(series.length);
    const label = path.basename(req.data.file);
    source = { kind: 'stored', label };
    range = {
      fromMs: series.time[0],
      toMs: series.time[series.length - 1],
      exchange: 'file',
      symbol: label,
      timeframe: req.timeframe ?? '',
    };
  } else {
    const d = req.data;
    try {
      timeframeToMs(d.timeframe);
    } catch (e) {
      throw new ValidationError((e as Error).message, { field: 'timeframe' });
    }
    const where = {
      exchange: d.exchange,
      symbol: d.symbol,
      timeframe: d.timeframe,
      time: {
        ...(d.fromMs !== undefined ? { gte: new Date(d.fromMs) } : {}),
        ...(d.toMs !== undefined ? { lte: new Date(d.toMs) } : {}),
      },
    };
    const agg = await c.prisma.candle.aggregate({
      where,
      _count: { _all: true },
      _min: { time: true },
      _max: { time: true },
    });
    const count = agg._count._all;
    if (count === 0)
      throw new RefusedError(
        `no candles in the database for ${d.exchange} ${d.symbol} ${d.timeframe} in the requested range`,
        { hint: 'import or sync candles first (opentrade data ...)' },
      );
    if (count < need) throw tooFew(count);
    source = {
      kind: 'candles',
      exchange: d.exchange,
      symbol: d.symbol,
      timeframe: d.timeframe,
      fromMs: d.fromMs ?? null,
      toMs: d.toMs ?? null,
    };
    range = {
      fromMs: agg._min.time!.getTime(),
      toMs: agg._max.time!.getTime(),
      exchange: d.exchange,
      symbol: d.symbol,
      timeframe: d.timeframe,
    };
  }
  const runId = newRunId();
  const workflowId = backtestWorkflowId(runId);
  const input: BacktestWorkflowInput = {
    runId,
    ...(decide === 'strategy-only' ? {} : { decide, pipeline }),
    strategy: spec,
    params,
    config: req.config,
    source,
    timeframeMs,
    ...(req.chunkCandles ? { chunkCandles: req.chunkCandles } : {}),
    ...(req.checkpointCandles ? { checkpointCandles: req.checkpointCandles } : {}),
  };
  await createBacktestRunRepository(c.sql).createRun(
    { id: runId, strategy: strategy.id, version: null, params, ...range, workflowId, decide, request: input },
    series,
  );
  try {
    await c.temporal.workflow.start(backtest, {
      taskQueue: c.taskQueue ?? TASK_QUEUES.backtest,
      workflowId,
      args: [input],
    });
  } catch (e) {
    await createBacktestRunRepository(c.sql).setStatus(
      runId,
      'failed',
      `could not start the workflow: ${(e as Error).message}`,
    );
    throw new UnavailableError('Temporal', `cannot start backtest workflow: ${(e as Error).message}`, {
      hint: 'is Temporal running? (opentrade up)',
      cause: e,
    });
  }
  return { runId, workflowId, strategy, params, decide };
}

function rootMessage(e: unknown): string {
  let cur = e as { message?: string; cause?: unknown } | undefined;
  while (cur && typeof cur === 'object' && cur.cause) cur = cur.cause as typeof cur;
  return cur?.message ?? String(e);
}

/** Waits for the run, reporting the progress query every `intervalMs`. Failure / cancel → ConflictError. */
export async function waitForDurableBacktest(
  c: DurableBacktestClients,
  runId: string,
  onProgress?: (p: BacktestProgress) => void,
  intervalMs = 150,
): Promise<BacktestOutcome> {
  const handle = c.temporal.workflow.getHandle(backtestWorkflowId(runId));
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  if (onProgress) {
    timer = setInterval(() => {
      if (polling) return;
      polling = true;
      handle
        .query(backtestProgressQuery)
        .then(onProgress, () => {})
        .finally(() => (polling = false));
    }, intervalMs);
  }
  try {
    return (await handle.result()) as BacktestOutcome;
  } catch (e) {
    if (e instanceof WorkflowFailedError) {
      if (e.cause instanceof CancelledFailure) throw new ConflictError(`backtest ${runId} was cancelled`);
      if (e.cause instanceof TerminatedFailure) throw new ConflictError(`backtest ${runId} was terminated`);
      const cause = e.cause instanceof ApplicationFailure || e.cause ? rootMessage(e.cause) : e.message;
      throw new ConflictError(`backtest ${runId} failed: ${cause}`);
    }
    throw e;
  } finally {
    if (timer) clearInterval(timer);
  }
}

/** The finished run's exact result and candle times, as `--local` would have produced them. */
export async function loadDurableResult(
  c: Pick<DurableBacktestClients, 'sql'>,
  runId: string,
): Promise<{ result: BacktestResult; series: CandleSeries }> {
  const r = await createBacktestRunRepository(c.sql).loadResult(runId);
  if (!r) throw new ConflictError(`backtest ${runId} has no stored result (is it completed?)`);
  // Reports read only the candle times of the series.
  const series: CandleSeries = { ...allocateCandleSeries(0), length: r.time.length, time: r.time };
  return { result: { metrics: r.metrics, trades: r.trades, equity: r.equity, state: r.state }, series };
}

/** A finished pipeline run's report text: exactly what `--local --decide … --json` prints for it. */
export async function loadDurablePipelineReport(
  c: Pick<DurableBacktestClients, 'sql'>,
  runId: string,
): Promise<{ text: string; decide: DecisionMode }> {
  const text = await createBacktestRunRepository(c.sql).loadPipelineReport(runId);
  if (!text)
    throw new ConflictError(`backtest ${runId} has no stored pipeline report (is it a completed pipeline run?)`);
  return { text, decide: (JSON.parse(text) as { decide: DecisionMode }).decide };
}

/** Cancels a queued or running run; a finished or unknown run is an error naming why. */
export async function cancelDurableBacktest(c: DurableBacktestClients, runId: string): Promise<BacktestRunRow> {
  const run = await createBacktestRunRepository(c.sql).getRun(runId);
  if (!run) throw new NotFoundError(`unknown backtest run ${runId}`, { hint: 'see `opentrade backtest list`' });
  if (FINAL_STATUSES.includes(run.status))
    throw new ConflictError(`backtest ${runId} is already ${run.status}; nothing to cancel`);
  const handle = c.temporal.workflow.getHandle(run.workflowId ?? backtestWorkflowId(runId));
  try {
    await handle.cancel();
    // The workflow records the cancellation itself; wait briefly so the answer reflects it.
    await Promise.race([handle.result().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
  } catch (e) {
    if (!(e instanceof WorkflowNotFoundError)) throw e;
  }
  // A workflow that never started (or is gone) cannot record it: do it here.
  await createBacktestRunRepository(c.sql).setStatus(runId, 'cancelled');
  return (await createBacktestRunRepository(c.sql).getRun(runId))!;
}
