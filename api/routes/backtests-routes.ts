// Durable backtests: start (the same validation and start path as `opentrade backtest`), list,
// inspect, follow, cancel, and the result downsampled for charts.
import { z } from 'zod';
import { timeframeToMs } from '../../core/candles/timeframe';
import { backtestConfig } from '../../core/backtest/config';
import type { OpenTradeConfig } from '../../core/config/schema';
import { requireEndpointKey } from '../../core/llm/resolve-endpoint';
import { backtestLlmSettings } from '../../core/llm/session-llm';
import { cancelDurableBacktest, startDurableBacktest } from '../../infra/services/backtests/client';
import {
  createBacktestRunRepository,
  FINAL_STATUSES,
  type BacktestRunRow,
} from '../../infra/adapters/db/repositories/backtest-runs';
import { temporalUiLink } from '../../infra/adapters/temporal-ui-link';
import { syncCandles } from '../../infra/adapters/market-data/sync-candles';
import { backtestWorkflowId, type BacktestProgress as Progress } from '../../workflows/backtest-contract';
import { backtestProgressQuery, TASK_QUEUES } from '../../workflows/definitions';
import type { GatewayData } from '../data/gateway-data';
import { candleBuckets } from '../data/candle-buckets';
import { downsampleLine } from '../../core/charts/downsample';
import { drawdownPct } from '../../infra/services/ledger/equity-figures';
import { ConflictError, NotFoundError, RefusedError } from '../../core/errors';
import { pageArgs, pageSchema, toPage } from '../http/pagination';
import { plainJson } from '../http/plain-json';
import { defineRoute, type RouteSpec } from '../http/route-spec';
import {
  Backtest,
  BacktestProgress,
  BacktestResult,
  ListBacktestsQuery,
  ResultQuery,
  StartBacktestBody,
} from '../schemas/backtest-schemas';
import { idParams } from '../schemas/common';

/** A sync asked of the gateway runs inside the request: keep it to what a few seconds can fetch. */
const MAX_SYNC_CANDLES = 200_000;
const DEFAULT_SYNC_CANDLES = 5000;

export function backtestsRoutes(
  data: GatewayData,
  config: OpenTradeConfig,
  env: NodeJS.ProcessEnv = process.env,
): RouteSpec[] {
  const { prisma, sql } = data;
  const runs = createBacktestRunRepository(sql);
  const toBacktest = (r: BacktestRunRow) => ({
    ...(plainJson(r) as Record<string, unknown>),
    temporalUiUrl: temporalUiLink(data.temporalUiUrl, data.namespace, r.workflowId),
  });
  async function findRun(id: string): Promise<BacktestRunRow> {
    const run = await runs.getRun(id);
    if (!run) throw new NotFoundError(`no backtest "${id}"`);
    return run;
  }
  const clients = async () => ({
    temporal: await data.temporal(),
    sql,
    prisma,
    taskQueue: data.taskQueues?.backtest ?? TASK_QUEUES.backtest,
  });

  return [
    defineRoute({
      method: 'post',
      path: '/backtests',
      tag: 'backtests',
      summary: 'start a durable backtest over stored candles (optionally synced from the exchange first)',
      body: StartBacktestBody,
      response: z.object({ backtest: Backtest }),
      status: 202,
      errors: [422, 503],
      write: true,
      async handler({ body: b }) {
        // Checked before any sync: a run whose model setup is wrong must not cost an exchange fetch.
        const llm = backtestLlmSettings(
          config.llm,
          { agents: b.agents, every: b.every, cache: b.llmCache, debateRounds: b.debateRounds },
          b.decide,
        );
        // The worker reads the key from its own environment; the gateway's stands in for it, as a
        // session start does.
        if (llm)
          requireEndpointKey(config.llm, env, {
            where: 'the worker and the gateway',
            otherwise: 'leave agents out to run them on their rules',
          });
        const runConfig = backtestConfig({
          ...(b.initialCapital !== undefined ? { initialCapital: b.initialCapital } : {}),
          ...(b.fee !== undefined ? { fee: b.fee } : {}),
          ...(b.slippageBps !== undefined ? { slippageBps: b.slippageBps } : {}),
          ...(b.stakePct !== undefined ? { stakePct: b.stakePct } : {}),
          ...(b.stopLossPct !== undefined ? { stopLossPct: b.stopLossPct } : {}),
          ...(b.takeProfitPct !== undefined ? { takeProfitPct: b.takeProfitPct } : {}),
          ...(b.leverage !== undefined ? { leverage: b.leverage } : {}),
          ...(b.decide === 'strategy-only' && b.trailingStopPct !== undefined
            ? { trailingStopPct: b.trailingStopPct }
            : {}),
        });
        if (b.sync) {
          const tf = timeframeToMs(b.timeframe);
          const until = b.toMs !== undefined ? b.toMs + tf : undefined;
          const since = b.fromMs ?? (b.toMs ?? Date.now()) - DEFAULT_SYNC_CANDLES * tf;
          if (((until ?? Date.now()) - since) / tf > MAX_SYNC_CANDLES) {
            throw new RefusedError(
              `sync of more than ${MAX_SYNC_CANDLES} candles asked: sync large ranges with \`opentrade data sync\` first`,
              { field: 'fromMs' },
            );
          }
          const exchange = await data.venue(b.exchange).catch((e: Error) => {
            throw new RefusedError(e.message, { field: 'exchange', cause: e });
          });
          await syncCandles({ prisma, exchange, symbol: b.symbol, timeframe: b.timeframe, since, until }).catch(
            (e: Error) => {
              throw new RefusedError(`could not sync candles: ${e.message}`, { field: 'symbol', cause: e });
            },
          );
        }
        const started = await startDurableBacktest(await clients(), {
          strategy: b.strategy,
          params: b.params ?? {},
          config: runConfig,
          timeframe: b.timeframe,
          data: { exchange: b.exchange, symbol: b.symbol, timeframe: b.timeframe, fromMs: b.fromMs, toMs: b.toMs },
          decide: b.decide,
          ...(b.decide === 'strategy-only'
            ? {}
            : {
                pipeline: {
                  symbol: b.symbol,
                  ...(b.protections ? { protections: b.protections } : {}),
                  ...(b.trailingStopPct !== undefined ? { trailingStopPct: b.trailingStopPct } : {}),
                  ...(llm ? { llm } : {}),
                },
              }),
        });
        return { body: { backtest: toBacktest(await findRun(started.runId)) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/backtests',
      tag: 'backtests',
      summary: 'backtest runs, newest first',
      query: ListBacktestsQuery,
      response: pageSchema(Backtest),
      async handler({ query: q }) {
        const rows = await prisma.backtestRun.findMany({
          where: { status: q.status, strategy: q.strategy },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...pageArgs(q),
        });
        return { body: toPage(rows as unknown as BacktestRunRow[], q.limit, toBacktest) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/backtests/:id',
      tag: 'backtests',
      summary: 'one backtest run',
      params: idParams,
      response: z.object({ backtest: Backtest }),
      errors: [404],
      async handler({ params }) {
        return { body: { backtest: toBacktest(await findRun(params.id)) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/backtests/:id/progress',
      tag: 'backtests',
      summary: 'where a run is: phase, candles done of total',
      params: idParams,
      response: z.object({ progress: BacktestProgress }),
      errors: [404],
      async handler({ params }) {
        const run = await findRun(params.id);
        let live: Progress | undefined;
        if (!FINAL_STATUSES.includes(run.status)) {
          live = await (
            await data.temporal()
          ).workflow
            .getHandle(run.workflowId ?? backtestWorkflowId(run.id))
            .query(backtestProgressQuery)
            .catch(() => undefined);
        }
        const progress = live
          ? { ...live, pct: live.total > 0 ? (live.done / live.total) * 100 : 0, status: run.status }
          : {
              runId: run.id,
              phase: run.status,
              done: 0,
              total: 0,
              chunk: 0,
              chunks: 0,
              pct: run.progress * 100,
              status: run.status,
              ...(run.error ? { error: run.error } : {}),
            };
        return { body: { progress } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/backtests/:id/cancel',
      tag: 'backtests',
      summary: 'cancel a queued or running backtest',
      params: idParams,
      response: z.object({ backtest: Backtest }),
      status: 202,
      errors: [404, 409, 503],
      write: true,
      async handler({ params }) {
        const run = await findRun(params.id);
        if (FINAL_STATUSES.includes(run.status))
          throw new ConflictError(`backtest "${run.id}" is already ${run.status}: nothing to cancel`);
        return { body: { backtest: toBacktest(await cancelDurableBacktest(await clients(), run.id)) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/backtests/:id/result',
      tag: 'backtests',
      summary: 'metrics, trades, equity with drawdown and candles (downsampled to `points`)',
      params: idParams,
      query: ResultQuery,
      response: BacktestResult,
      errors: [404, 409],
      async handler({ params, query }) {
        const run = await findRun(params.id);
        if (run.status !== 'completed')
          throw new ConflictError(`backtest "${run.id}" is ${run.status}: its result exists once it has completed`);
        // Prices come from the Candle table the run read (a run over a file keeps only its candle times).
        const fromTable = run.exchange !== 'file';
        const [result, candles] = await Promise.all([
          runs.loadResult(run.id),
          fromTable
            ? candleBuckets(
                sql,
                { exchange: run.exchange, symbol: run.symbol, timeframe: run.timeframe, from: run.from, to: run.to },
                query.points,
              )
            : Promise.resolve([]),
        ]);
        if (!result) throw new ConflictError(`backtest "${run.id}" has no stored result`);
        const n = result.equity.length;
        const dd = Float64Array.from(drawdownPct(Array.from(result.equity)));
        const eq = downsampleLine(result.time, result.equity, n, query.points);
        const ddPoints = downsampleLine(result.time, dd, n, query.points, 'min');
        return {
          body: {
            metrics: result.metrics as unknown as Record<string, unknown>,
            trades: result.trades.slice(0, query.trades).map((t, seq) => ({
              seq,
              side: t.side,
              entryTime: t.entryTime,
              exitTime: t.exitTime,
              entryPrice: t.entryPrice,
              exitPrice: t.exitPrice,
              quantity: t.quantity,
              pnl: t.pnl,
              fees: t.fees,
              exitReason: t.exitReason,
            })),
            tradesTotal: result.trades.length,
            equity: eq.map((p, i) => ({ time: p.time, equity: p.value, drawdownPct: ddPoints[i].value })),
            candles,
          },
        };
      },
    }),
  ];
}
