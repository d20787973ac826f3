// Activities of the evolution workflow (workflows/evolution.ts): prepare resolves and validates the
// run, evaluate backtests a batch of individuals on one window (any worker can take any batch) on
// the engine or, in a pipeline decision mode, through the whole pipeline, finish saves a new
// Strategy version only when the out-of-sample rule says so.
import { Context } from '@temporalio/activity';
import type Redis from 'ioredis';
import { ApplicationFailure } from '@temporalio/common';
import { BacktestWorkspace } from '../core/backtest/workspace';
import type { CandleSeries } from '../core/candles/series';
import { bestEffortPublisher } from './publish-best-effort';
import { evaluateIndividual, type Evaluation } from '../core/optimizer/evaluate';
import { oosFitness } from '../core/optimizer/fitness';
import { evaluateOnPipeline } from '../core/optimizer/pipeline-evaluation';
import type { GenerationStats } from '../core/optimizer/genetic';
import { livePerformance, type LivePerformance } from '../core/optimizer/live-performance';
import { resolveStrategy as defaultResolveStrategy } from '../core/strategies/resolve-strategy';
import type { Strategy } from '../core/strategies/strategy';
import { createRepositories, type PrismaClient, type Repositories } from '../infra/adapters/db';
import { EvolutionInputError } from '../infra/services/evolution/evolution-input-error';
import { NotFoundError } from '../core/errors';
import { readCandleSeries } from '../infra/adapters/market-data/candle-store';
import { resolveEvolution } from '../infra/services/evolution/resolve-evolution';
import { listVersions } from '../infra/services/evolution/strategy-versions';
import type {
  EvaluateBatchInput,
  FinishEvolutionInput,
  PrepareEvolutionInput,
  PreparedEvolution,
} from '../workflows/evolution-contract';

import type { OpenTradeConfig } from '../core/config/schema';
import { evolutionPromoted } from '../core/notify/run-notifications';
import type { NotificationPublisher } from '../infra/services/notify/notification-publisher';
import { activityNotifier } from './notifier';

export interface EvolutionDeps {
  prisma: PrismaClient;
  /** How a Strategy row's `type` becomes code: built-in id or strategy file path by default. */
  resolveStrategy?: (type: string) => Strategy<any>;
  /** Progress events (evolution.progress) for the dashboards; none without it. */
  redis?: Redis;
  log?: (line: string) => void;
  config?: Partial<Pick<OpenTradeConfig, 'notifications'>>;
  notifier?: NotificationPublisher;
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
  if (e instanceof EvolutionInputError || e instanceof NotFoundError)
    return ApplicationFailure.create({ type: 'EvolutionInputError', message: e.message, nonRetryable: true });
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
    else
      hit = load().catch((e) => {
        this.entries.delete(key);
        throw e;
      });
    this.entries.set(key, hit);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return hit;
  }
}

type EvolutionRepositories = Pick<Repositories, 'evolutionRuns' | 'strategies' | 'trades'>;

/** `repos`: the worker's, when it built them; else built here from `deps`. */
export function createEvolutionActivities(
  deps: EvolutionDeps,
  repos: EvolutionRepositories = createRepositories(deps),
) {
  const { prisma } = deps;
  const publish = bestEffortPublisher(deps.redis, deps.log);
  const resolve = deps.resolveStrategy ?? defaultResolveStrategy;
  const windows = new WindowCache();

  return {
    async evolutionPrepare(input: PrepareEvolutionInput): Promise<PreparedEvolution> {
      let setup;
      try {
        setup = await resolveEvolution(prisma, input.request, {
          now: input.now,
          workflowId: input.workflowId,
          createBuiltIn: true,
          resolveStrategy: resolve,
        });
      } catch (e) {
        throw inputFailure(e);
      }
      const prepared: PreparedEvolution = { runId: input.runId, ...setup };
      const config = { request: input.request, setup: { ...setup, space: undefined } };
      await repos.evolutionRuns.start({
        runId: input.runId,
        strategyName: setup.strategy,
        seed: setup.genetic.seed,
        workflowId: input.workflowId,
        config,
      });
      return prepared;
    },

    async evolutionEvaluate(input: EvaluateBatchInput): Promise<Evaluation[]> {
      const strategy = resolve(input.strategyType);
      const { series: k, window: w } = input;
      const series = await windows.get(`${k.exchange}|${k.symbol}|${k.timeframe}|${w.from}|${w.to}`, () =>
        readCandleSeries(prisma, k, { from: w.from, to: w.to - 1 }),
      );
      const spec = oosFitness(input.fitness, input.purpose);
      const out: Evaluation[] = [];
      // One set of buffers for the batch: evaluations keep only numbers, so reuse changes no result.
      const workspace = new BacktestWorkspace();
      for (const params of input.individuals) {
        out.push(
          input.pipeline
            ? evaluateOnPipeline(series, strategy, params, input.pipeline, spec)
            : evaluateIndividual(series, strategy, params, input.backtest, spec, input.timeframeMs, workspace),
        );
        heartbeat(out.length);
        // Backtests are synchronous: yield between them so the other batches this worker runs get
        // their turn and every batch's heartbeats go out in time.
        await new Promise((r) => setImmediate(r));
      }
      return out;
    },

    async evolutionRecordGeneration(input: { runId: string; stats: GenerationStats }): Promise<void> {
      const { runId, stats } = input;
      await repos.evolutionRuns.saveGeneration(runId, stats);
      await publish('evolution.progress', {
        runId,
        generation: stats.generation,
        bestFitness: stats.bestFitness,
        meanFitness: stats.meanFitness,
        status: 'running',
      });
    },

    /** Live performance of every version of the strategy from its recorded closed trades; stored on the current version. */
    async evolutionReviewLive(input: { strategy: string; currentVersion: number }): Promise<LivePerformance> {
      const versions = await listVersions(prisma, input.strategy);
      const ids = [input.strategy, ...versions.map((v) => v.id)];
      const perf = livePerformance(await repos.trades.listClosed(ids));
      const cur = versions.find((v) => v.version === input.currentVersion);
      if (cur) {
        const previous = (cur.performance && typeof cur.performance === 'object' ? cur.performance : {}) as Record<
          string,
          unknown
        >;
        await repos.strategies.setPerformance(cur.id, { ...previous, live: perf });
      }
      return perf;
    },

    /** Saves the new version (idempotent per run) when promoted, and closes the EvolutionRun row either way. */
    async evolutionFinish(input: FinishEvolutionInput): Promise<{ version: number | null }> {
      let version: number | null = null;
      if (input.decision.promote) {
        version = await repos.strategies.saveEvolvedVersion({
          strategy: input.strategy,
          type: input.strategyType,
          params: input.chosen.params,
          parentVersion: input.currentVersion,
          performance: {
            evolutionRunId: input.runId,
            trainFitness: input.chosen.trainFitness,
            oosFitness: input.chosen.oosMean,
            oos: input.chosen.oos,
            parentOosFitness: input.current.oosMean,
            decide: input.decide ?? 'strategy-only',
          },
          activate: input.activate,
        });
      }
      const summary = {
        chosen: input.chosen,
        current: input.current,
        bestTrain: input.bestTrain,
        decision: input.decision,
        evaluations: input.evaluations,
        live: input.live,
        savedVersion: version,
      };
      await repos.evolutionRuns.complete(input.runId, {
        bestParams: input.chosen.params,
        bestFitness: input.chosen.trainFitness,
        promoted: version !== null,
        reason: input.decision.reason,
        outcome: summary,
      });
      await publish('evolution.progress', {
        runId: input.runId,
        strategy: input.strategy,
        status: 'completed',
        promoted: version !== null,
        version,
      });
      if (version !== null)
        await activityNotifier(deps).publish([
          evolutionPromoted({
            runId: input.runId,
            strategy: input.strategy,
            version,
            oosFitness: input.chosen.oosMean,
            parentOosFitness: input.current.oosMean,
            reason: input.decision.reason,
            activated: input.activate,
            at: Date.now(),
          }),
        ]);
      return { version };
    },

    async evolutionFail(input: { runId: string; reason: string; status?: 'failed' | 'cancelled' }): Promise<void> {
      await repos.evolutionRuns.end(input.runId, input.status ?? 'failed', input.reason.slice(0, 2000));
      await publish('evolution.progress', {
        runId: input.runId,
        status: input.status ?? 'failed',
        reason: input.reason.slice(0, 500),
      });
    },
  };
}
