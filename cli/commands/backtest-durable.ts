// `opentrade backtest` without --local: the durable backtest on the Temporal worker, and its
// `status|list|cancel` subcommands (registered in cli/commands/backtest.ts, which loads this module
// only when one of them runs).
//
// The report / --json object printed is the one --local prints for the same input (same engine, same
// advice over the whole series, the exact trades and equity read back from PostgreSQL).
import { existsSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { formatBacktestReport } from '../../core/backtest/format-report';
import { formatPipelineReport, type PipelineReport } from '../../core/pipeline/pipeline-report';
import { backtestReport } from '../../core/backtest/report';
import {
  cancelDurableBacktest,
  loadDurablePipelineReport,
  loadDurableResult,
  startDurableBacktest,
  waitForDurableBacktest,
  type DurableBacktestClients,
  type DurableBacktestRequest,
} from '../../infra/services/backtests/client';
import {
  createBacktestRunRepository,
  FINAL_STATUSES,
  type BacktestRunRow,
} from '../../infra/adapters/db/repositories/backtest-runs';
import { sqlFromPool } from '../../infra/adapters/db/sql';
import { resolveEndpoints, type Endpoints } from '../../infra/stack/config/endpoints';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { createPrisma } from '../../infra/adapters/db';
import { progress } from '../util/progress';
import { NotFoundError, UnavailableError, ValidationError } from '../../core/errors';
import type { BacktestProgress } from '../../workflows/backtest-contract';
import { backtestWorkflowId } from '../../workflows/backtest-contract';
import { backtestProgressQuery, TASK_QUEUES } from '../../workflows/definitions';

export interface RunDurableOptions extends DurableBacktestRequest {
  json?: boolean;
  /** Print the run id and return without waiting. */
  detach?: boolean;
}

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  /** Where Temporal and PostgreSQL are; default: resolveEndpoints(config file if present). */
  endpoints?: Endpoints;
  namespace?: string;
  /** Default TASK_QUEUES.backtest (tests run their own worker on their own queue). */
  taskQueue?: string;
}

const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr });

/** Opens Temporal, PostgreSQL (pg + Prisma) for one command, and always closes them. */
export async function withDurableClients<T>(io: CliIo, fn: (c: DurableBacktestClients) => Promise<T>): Promise<T> {
  const config = io.endpoints ? undefined : existsSync(configPath()) ? loadConfig() : undefined;
  const endpoints = io.endpoints ?? resolveEndpoints(config);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: endpoints.temporalAddress });
  } catch (e) {
    throw new UnavailableError(
      'Temporal',
      `cannot reach Temporal at ${endpoints.temporalAddress}: ${(e as Error).message}`,
      { hint: 'start the stack with `opentrade up`, or use --local', cause: e },
    );
  }
  const sql = sqlFromPool(endpoints.databaseUrl);
  const prisma = createPrisma(endpoints.databaseUrl);
  try {
    const temporal = new Client({ connection, namespace: io.namespace ?? config?.temporal.namespace ?? 'default' });
    return await fn({ temporal, sql, prisma, taskQueue: io.taskQueue });
  } finally {
    await Promise.allSettled([connection.close(), sql.close(), prisma.$disconnect()]);
  }
}

// temporal.api.enums.v1.TaskQueueType (from @temporalio/proto, which is not a direct dependency).
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/** Whether any worker polls the backtest queue now (unknown → true: only a hint depends on it). */
async function hasPollers(c: DurableBacktestClients): Promise<boolean> {
  try {
    const r = await c.temporal.workflowService.describeTaskQueue({
      namespace: c.temporal.options.namespace,
      taskQueue: { name: c.taskQueue ?? TASK_QUEUES.backtest },
      taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (r.pollers?.length ?? 0) > 0;
  } catch {
    return true;
  }
}

/** Runs the durable backtest and prints exactly what `--local` prints (or the run id with --detach). */
export async function runDurableBacktest(o: RunDurableOptions, io: CliIo = processIo()): Promise<string> {
  return withDurableClients(io, async (c) => {
    const started = await startDurableBacktest(c, o);
    if (o.detach) {
      io.stdout.write(
        o.json ? `${JSON.stringify({ runId: started.runId, workflowId: started.workflowId })}\n` : `${started.runId}\n`,
      );
      return started.runId;
    }
    // The run id on stderr first, terminal or not: a run that outlives this command (Ctrl-C, a
    // dropped SSH session, a CI timeout) can be found again; stdout stays what --local prints.
    io.stderr.write(
      `backtest ${started.runId} (workflow ${started.workflowId}; Ctrl-C leaves it running: opentrade backtest status ${started.runId})\n`,
    );
    if (!(await hasPollers(c))) {
      io.stderr.write(
        `no worker is polling ${c.taskQueue ?? TASK_QUEUES.backtest} yet: the run waits until one does (start one with \`opentrade worker --queues backtest\`)\n`,
      );
    }
    const bar = progress(io.stderr);
    await waitForDurableBacktest(c, started.runId, (p) =>
      bar.update(p.total > 0 ? p.done / p.total : 0, `${p.phase}${p.chunks ? ` (chunk ${p.chunk}/${p.chunks})` : ''}`),
    );
    bar.done();
    const label = `${started.strategy.id}@${started.strategy.version} ${JSON.stringify(started.params)}`;
    if (started.decide !== 'strategy-only') {
      const { text, decide } = await loadDurablePipelineReport(c, started.runId);
      const symbol = o.pipeline?.symbol ?? 'BTC/USDT';
      io.stdout.write(
        o.json
          ? `${text}\n`
          : formatPipelineReport(`${label} on ${symbol}`, decide, JSON.parse(text) as PipelineReport),
      );
      return started.runId;
    }
    const { result, series } = await loadDurableResult(c, started.runId);
    if (o.json) io.stdout.write(`${JSON.stringify(backtestReport(series, result))}\n`);
    else io.stdout.write(`${formatBacktestReport(`backtest ${label}`, result)}\n`);
    return started.runId;
  });
}

function summary(r: BacktestRunRow, live?: BacktestProgress) {
  const progress = live && live.total > 0 ? live.done / live.total : r.progress;
  return {
    id: r.id,
    status: r.status,
    ...(live ? { phase: live.phase } : {}),
    progress: Math.round(progress * 1000) / 10,
    decide: r.decide,
    strategy: r.strategy,
    params: r.params,
    exchange: r.exchange,
    symbol: r.symbol,
    timeframe: r.timeframe,
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    error: r.error,
    metrics: r.metrics,
  };
}

function printRun(io: CliIo, s: ReturnType<typeof summary>): void {
  const m = s.metrics;
  io.stdout.write(
    [
      `${s.id}  ${s.status}${s.phase && s.phase !== s.status ? ` (${s.phase})` : ''}  ${s.progress} %`,
      `strategy   ${s.strategy} ${JSON.stringify(s.params)}   --decide ${s.decide}`,
      `data       ${s.exchange} ${s.symbol} ${s.timeframe} ${s.from} → ${s.to}`,
      `created    ${s.createdAt}${s.finishedAt ? `   finished ${s.finishedAt}` : ''}`,
      ...(m
        ? [
            `result     ${m.trades} trades, return ${m.totalReturnPct.toFixed(2)} %, max drawdown ${m.maxDrawdownPct.toFixed(2)} %, sharpe ${m.sharpe.toFixed(2)}`,
          ]
        : []),
      ...(s.error ? [`error      ${s.error}`] : []),
    ].join('\n') + '\n',
  );
}

export async function backtestStatus(runId: string, o: { json?: boolean }, io: CliIo = processIo()): Promise<void> {
  await withDurableClients(io, async (c) => {
    const run = await createBacktestRunRepository(c.sql).getRun(runId);
    if (!run) throw new NotFoundError(`unknown backtest run ${runId}`, { hint: 'see `opentrade backtest list`' });
    let live: BacktestProgress | undefined;
    if (!FINAL_STATUSES.includes(run.status)) {
      live = await c.temporal.workflow
        .getHandle(run.workflowId ?? backtestWorkflowId(runId))
        .query(backtestProgressQuery)
        .catch(() => undefined);
    }
    const s = summary(run, live);
    if (o.json) io.stdout.write(`${JSON.stringify(s)}\n`);
    else printRun(io, s);
  });
}

export async function backtestList(o: { json?: boolean; limit?: string }, io: CliIo = processIo()): Promise<void> {
  const limit = o.limit === undefined ? 20 : Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new ValidationError(`--limit must be a positive integer, got "${o.limit}"`);
  await withDurableClients(io, async (c) => {
    const runs = (await createBacktestRunRepository(c.sql).listRuns(limit)).map((r) => summary(r));
    if (o.json) {
      io.stdout.write(`${JSON.stringify(runs)}\n`);
      return;
    }
    if (runs.length === 0) io.stdout.write('no backtest runs yet\n');
    for (const s of runs) {
      const ret = s.metrics ? `${s.metrics.totalReturnPct.toFixed(2)} %` : '';
      io.stdout.write(
        `${s.id.padEnd(22)} ${s.status.padEnd(10)} ${`${s.progress} %`.padStart(7)}  ${s.strategy.padEnd(14)} ${s.decide.padEnd(13)} ${s.symbol} ${s.timeframe}  ${s.createdAt}  ${ret}\n`,
      );
    }
  });
}

export async function backtestCancel(runId: string, o: { json?: boolean }, io: CliIo = processIo()): Promise<void> {
  await withDurableClients(io, async (c) => {
    const run = await cancelDurableBacktest(c, runId);
    if (o.json) io.stdout.write(`${JSON.stringify(summary(run))}\n`);
    else io.stdout.write(`backtest ${runId} ${run.status}\n`);
  });
}
