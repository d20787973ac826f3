// `evolution-{strategy}-{date}`: genetic search over a strategy's parameter space. Each generation's
// new individuals are backtested as activities in batches that any number of workers share; the
// search itself (core/optimizer) runs here, seeded, so a replay or a restarted worker reproduces it.
import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Evaluation } from '../core/optimizer/evaluate';
import type { Genome } from '../core/optimizer/genome';
import { runEvolution } from '../core/optimizer/run-evolution';
import type { TimeWindow } from '../core/optimizer/walk-forward';
import { evolutionEvaluate, evolutionEvaluatePipeline, evolutionIo } from './activity-options';
import { failureMessage } from './failure-message';
import { evolutionProgressQuery } from './definitions';
import type { EvolutionProgress, EvolutionResult, EvolutionWorkflowInput } from './evolution-contract';

type EvolutionActivities = Pick<
  Activities,
  'evolutionPrepare' | 'evolutionRecordGeneration' | 'evolutionReviewLive' | 'evolutionFinish' | 'evolutionFail'
>;
const io = proxyActivities<EvolutionActivities>(evolutionIo);
const { evolutionEvaluate: evaluateBatch } = proxyActivities<Pick<Activities, 'evolutionEvaluate'>>(evolutionEvaluate);
// The same activity, given the time a pipeline backtest takes between two heartbeats.
const { evolutionEvaluate: evaluatePipelineBatch } =
  proxyActivities<Pick<Activities, 'evolutionEvaluate'>>(evolutionEvaluatePipeline);

export async function evolution(input: EvolutionWorkflowInput): Promise<EvolutionResult> {
  const info = workflowInfo();
  const progress: EvolutionProgress = { phase: 'preparing', generation: 0, generations: 0, bestFitness: null };
  setHandler(evolutionProgressQuery, () => progress);

  // Bad input fails here, before any evaluation, with the activity's clear message.
  let prep: Awaited<ReturnType<typeof io.evolutionPrepare>>;
  try {
    prep = await io.evolutionPrepare({
      request: input,
      workflowId: info.workflowId,
      runId: info.runId,
      now: Date.now(),
    });
  } catch (e) {
    // The gateway lists a run as queued the moment it starts it: a run cancelled or refused before it
    // was prepared must not stay queued forever.
    const cancelled = isCancellation(e);
    const reason = cancelled ? 'cancelled before it was prepared' : failureMessage(e);
    await CancellationScope.nonCancellable(() =>
      io.evolutionFail({ runId: info.runId, reason, status: cancelled ? 'cancelled' : 'failed' }),
    );
    throw e;
  }
  progress.generations = prep.genetic.generations;
  progress.phase = 'evolving';
  try {
    const live = prep.review
      ? await io.evolutionReviewLive({ strategy: prep.strategy, currentVersion: prep.currentVersion })
      : null;

    const evaluate = async (
      window: TimeWindow,
      individuals: Genome[],
      purpose: 'train' | 'oos',
    ): Promise<Evaluation[]> => {
      if (purpose === 'oos') progress.phase = 'validating';
      const batches: Genome[][] = [];
      for (let i = 0; i < individuals.length; i += prep.batchSize)
        batches.push(individuals.slice(i, i + prep.batchSize));
      // Strategy-only (and every run prepared before the choice existed) schedules exactly what it
      // always did: recorded histories replay unchanged.
      const { pipeline } = prep;
      const results = await Promise.all(
        batches.map((b) => {
          const batch = {
            strategyType: prep.strategyType,
            series: prep.series,
            timeframeMs: prep.timeframeMs,
            window,
            purpose,
            individuals: b,
            fitness: prep.fitness,
            backtest: prep.backtest,
          };
          return pipeline ? evaluatePipelineBatch({ ...batch, pipeline }) : evaluateBatch(batch);
        }),
      );
      return results.flat();
    };

    const outcome = await runEvolution(
      {
        space: prep.space,
        genetic: prep.genetic,
        plan: prep.plan,
        currentParams: prep.currentParams,
        candidates: prep.candidates,
        promotion: prep.promotion,
      },
      {
        evaluate,
        onGeneration: async (stats) => {
          progress.generation = stats.generation + 1;
          progress.bestFitness = stats.bestFitness;
          await io.evolutionRecordGeneration({ runId: prep.runId, stats });
        },
      },
    );

    progress.phase = 'saving';
    const saved = await io.evolutionFinish({
      runId: prep.runId,
      strategy: prep.strategy,
      strategyType: prep.strategyType,
      currentVersion: prep.currentVersion,
      activate: prep.activate,
      decision: outcome.decision,
      chosen: outcome.chosen,
      current: outcome.current,
      bestTrain: outcome.bestTrain,
      evaluations: outcome.evaluations,
      live,
      ...(prep.pipeline ? { decide: prep.pipeline.decide } : {}),
    });
    progress.phase = 'done';
    return {
      runId: prep.runId,
      strategy: prep.strategy,
      promoted: saved.version !== null,
      version: saved.version,
      parentVersion: prep.currentVersion,
      reason: outcome.decision.reason,
      bestParams: outcome.chosen.params,
      bestTrainFitness: outcome.bestTrain.fitness,
      candidateOosFitness: outcome.chosen.oosMean,
      currentOosFitness: outcome.current.oosMean,
      generations: outcome.history.length,
      evaluations: outcome.evaluations,
      live,
      ...(prep.pipeline ? { decide: prep.pipeline.decide } : {}),
    };
  } catch (e) {
    progress.phase = 'failed';
    const cancelled = isCancellation(e);
    const reason = cancelled ? 'cancelled' : e instanceof Error ? e.message : String(e);
    // A cancelled workflow may still run this one bookkeeping activity.
    await CancellationScope.nonCancellable(() =>
      io.evolutionFail({ runId: prep.runId, reason, status: cancelled ? 'cancelled' : 'failed' }),
    );
    if (cancelled || e instanceof ApplicationFailure) throw e;
    throw ApplicationFailure.create({
      type: 'EvolutionFailed',
      message: reason,
      nonRetryable: true,
      cause: e instanceof Error ? e : undefined,
    });
  }
}
