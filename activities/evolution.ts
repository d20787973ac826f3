// Activities of the evolution workflow (workflows/evolution.ts): prepare resolves and validates the
// run, evaluate backtests a batch of individuals on one window (any worker can take any batch),
// finish saves a new Strategy version only when the out-of-sample rule says so.
import { Context } from '@temporalio/activity';
import type Redis from 'ioredis';
import { ApplicationFailure } from '@temporalio/common';
import { BacktestWorkspace } from '../core/backtest/workspace';
import type { CandleSeries } from '../core/candles/series';
import { bestEffortPublisher } from './publish-best-effort';
import { evaluateIndividual, type Evaluation } from '../core/optimizer/evaluate';
import { oosFitness } from '../core/optimizer/fitness';
import type { GenerationStats } from '../core/optimizer/genetic';
import { livePerformance, type LivePerformance } from '../core/optimizer/live-performance';
import { resolveStrategy as defaultResolveStrategy } from '../core/strategies/resolve-strategy';
import type { Strategy } from '../core/strategies/strategy';
import type { PrismaClient } from '../infra/adapters/db';
import { EvolutionInputError } from '../infra/services/evolution/evolution-input-error';
import { NotFoundError } from '../core/errors';
import { readCandleSeries } from '../infra/adapters/market-data/candle-store';
import { resolveEvolution } from '../infra/services/evolution/resolve-evolution';
import { listVersions } from '../infra/services/evolution/strategy-versions';
import type { EvaluateBatchInput, FinishEvolutionInput, PrepareEvolutionInput, PreparedEvolution } from '../workflows/evolution-contract';

export interface EvolutionDeps {
  prisma: PrismaClient;
  /** How a Strategy row's `type` becomes code: built-in id or strategy file path by default. */
  resolveStrategy?: (type: string) => Strategy<any>;
  /** Progress events (evolution.progress) for the dashboards; none without it. */
  redis?: Redis;
  log?: (line: string) => void;
}

function heartbeat(details?: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    /* called outside an activity (unit use) */
  }
}

function inputFailure(e: unknown): unknown {
  // An unknown strategy stays unknown on a retry, like any refused input.
  if (e instanceof EvolutionInputError || e instanceof NotFoundError) return ApplicationFailure.create({ type: 'EvolutionInputError', message: e.message, nonRetryable: true });
  return e;
}

/**
 * A worker keeps the last few windows it loaded: a generation's batches on one worker then read
 * PostgreSQL once. Candles of a closed window do not change, so a hit is exact; losing it is harmless.
 */
class WindowCache {
  private readonly entries = new Map<string, Promise<CandleSeries>>();
  constructor(private readonly capacity = 8) {}
  get(key: string, load: () => Promise<CandleSeries>): Promise<CandleSeries> {
    let hit = this.entries.get(key);
    if (hit) this.entries.delete(key);
    else hit = load().catch((e) => {
      this.entries.delete(key);
      throw e;
    });
    this.entries.set(key, hit);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return hit;
  }
}

export function createEvolutionActivities(deps: EvolutionDeps) {
  const { prisma } = deps;
  const publish = bestEffortPublisher(deps.redis, deps.log);
  const resolve = deps.resolveStrategy ?? defaultResolveStrategy;
  const windows = new WindowCache();

  return {
    async evolutionPrepare(input: PrepareEvolutionInput): Promise<PreparedEvolution> {
      let setup;
      try {
        setup = await resolveEvolution(prisma, input.request, { now: input.now, workflowId: input.workflowId, createBuiltIn: true, resolveStrategy: resolve });
      } catch (e) {
        throw inputFailure(e);
      }
      const prepared: PreparedEvolution = { runId: input.runId, ...setup };
      const config = { request: input.request, setup: { ...setup, space: undefined } };
      await prisma.evolutionRun.upsert({
        where: { id: input.runId },
        create: { id: input.runId, strategyName: setup.strategy, status: 'running', seed: setup.genetic.seed, workflowId: input.workflowId, config: JSON.parse(JSON.stringify(config)) },
        update: {},
      });
      // The gateway records a run as queued the moment it starts it; the worker takes it from there,
      // unless it was cancelled meanwhile (a cancelled prepare can still finish after the cancellation
      // was recorded: it must not bring the run back to life).
      await prisma.evolutionRun.updateMany({ where: { id: input.runId, status: 'queued' }, data: { status: 'running', seed: setup.genetic.seed, config: JSON.parse(JSON.stringify(config)) } });
      return prepared;
    },

    async evolutionEvaluate(input: EvaluateBatchInput): Promise<Evaluation[]> {
      const strategy = resolve(input.strategyType);
      const { series: k, window: w } = input;
      const series = await windows.get(`${k.exchange}|${k.symbol}|${k.timeframe}|${w.from}|${w.to}`, () => readCandleSeries(prisma, k, { from: w.from, to: w.to - 1 }));
      const spec = oosFitness(input.fitness, input.purpose);
      const out: Evaluation[] = [];
      // One set of buffers for the batch: evaluations keep only numbers, so reuse changes no result.
      const workspace = new BacktestWorkspace();
      for (const params of input.individuals) {
        out.push(evaluateIndividual(series, strategy, params, input.backtest, spec, input.timeframeMs, workspace));
        heartbeat(out.length);
        // Backtests are synchronous: yield between them so the other batches this worker runs get
        // their turn and every batch's heartbeats go out in time.
        await new Promise((r) => setImmediate(r));
      }
      return out;
    },

    async evolutionRecordGeneration(input: { runId: string; stats: GenerationStats }): Promise<void> {
      const { runId, stats } = input;
      const row = { bestFitness: stats.bestFitness, meanFitness: stats.meanFitness, bestParams: stats.bestParams };
      await prisma.evolutionGeneration.upsert({
        where: { runId_generation: { runId, generation: stats.generation } },
        create: { runId, generation: stats.generation, ...row },
        update: row,
      });
      await publish('evolution.progress', { runId, generation: stats.generation, bestFitness: stats.bestFitness, meanFitness: stats.meanFitness, status: 'running' });
    },

    /** Live performance of every version of the strategy from its recorded closed trades; stored on the current version. */
    async evolutionReviewLive(input: { strategy: string; currentVersion: number }): Promise<LivePerformance> {
      const versions = await listVersions(prisma, input.strategy);
      const ids = [input.strategy, ...versions.map((v) => v.id)];
      const trades = await prisma.trade.findMany({
        where: { strategyId: { in: ids }, status: 'closed', closedAt: { not: null } },
        select: { pnl: true, pnlPercent: true, closedAt: true },
      });
      const perf = livePerformance(
        trades.map((t) => ({ pnl: Number(t.pnl ?? 0), pnlPercent: t.pnlPercent === null ? null : Number(t.pnlPercent), closedAt: (t.closedAt as Date).getTime() })),
      );
      const cur = versions.find((v) => v.version === input.currentVersion);
      if (cur) {
        const previous = (cur.performance && typeof cur.performance === 'object' ? cur.performance : {}) as Record<string, unknown>;
        await prisma.strategy.update({ where: { id: cur.id }, data: { performance: JSON.parse(JSON.stringify({ ...previous, live: perf })) } });
      }
      return perf;
    },

    /** Saves the new version (idempotent per run) when promoted, and closes the EvolutionRun row either way. */
    async evolutionFinish(input: FinishEvolutionInput): Promise<{ version: number | null }> {
      let version: number | null = null;
      if (input.decision.promote) {
        version = await prisma.$transaction(async (tx) => {
          const rows = await tx.strategy.findMany({ where: { name: input.strategy }, orderBy: { version: 'asc' } });
          // A retried finish finds the version it already saved.
          const mine = rows.find((r) => (r.performance as { evolutionRunId?: string } | null)?.evolutionRunId === input.runId);
          if (mine) return mine.version;
          const next = (rows.length ? rows[rows.length - 1].version : 0) + 1;
          if (input.activate) await tx.strategy.updateMany({ where: { name: input.strategy, status: 'active' }, data: { status: 'retired' } });
          const performance = { evolutionRunId: input.runId, trainFitness: input.chosen.trainFitness, oosFitness: input.chosen.oosMean, oos: input.chosen.oos, parentOosFitness: input.current.oosMean };
          await tx.strategy.create({
            data: {
              name: input.strategy,
              version: next,
              type: input.strategyType,
              parameters: input.chosen.params,
              performance: JSON.parse(JSON.stringify(performance)),
              status: input.activate ? 'active' : 'draft',
              parentVersion: input.currentVersion,
            },
          });
          return next;
        });
      }
      const summary = { chosen: input.chosen, current: input.current, bestTrain: input.bestTrain, decision: input.decision, evaluations: input.evaluations, live: input.live, savedVersion: version };
      const run = await prisma.evolutionRun.findUnique({ where: { id: input.runId }, select: { config: true } });
      await prisma.evolutionRun.update({
        where: { id: input.runId },
        data: {
          status: 'completed',
          bestParams: input.chosen.params,
          bestFitness: input.chosen.trainFitness,
          promoted: version !== null,
          reason: input.decision.reason,
          finishedAt: new Date(),
          config: JSON.parse(JSON.stringify({ ...((run?.config ?? {}) as object), outcome: summary })),
        },
      });
      await publish('evolution.progress', { runId: input.runId, strategy: input.strategy, status: 'completed', promoted: version !== null, version });
      return { version };
    },

    async evolutionFail(input: { runId: string; reason: string; status?: 'failed' | 'cancelled' }): Promise<void> {
      await prisma.evolutionRun.updateMany({
        where: { id: input.runId, status: { not: 'completed' } },
        data: { status: input.status ?? 'failed', reason: input.reason.slice(0, 2000), finishedAt: new Date() },
      });
      await publish('evolution.progress', { runId: input.runId, status: input.status ?? 'failed', reason: input.reason.slice(0, 500) });
    },
  };
}
