import type { BacktestConfig } from '../backtest/config';
import { BacktestWorkspace } from '../backtest/workspace';
import type { CandleSeries } from '../candles/series';
import type { Strategy } from '../strategies/strategy';
import { evaluateIndividual, sliceSeries } from './evaluate';
import { oosFitness, type FitnessSpec } from './fitness';
import { evaluateOnPipeline, type PipelineEvaluation } from './pipeline-evaluation';
import type { EvolutionHooks } from './run-evolution';

/**
 * Evaluations in this process over one loaded series: the reference the distributed workflow must
 * match. With `pipeline`, every candidate is scored by the pipeline backtest instead of the engine.
 */
export function inProcessHooks(
  series: CandleSeries,
  strategy: Strategy<any>,
  config: BacktestConfig,
  fitness: FitnessSpec,
  timeframeMs?: number,
  pipeline?: PipelineEvaluation,
): EvolutionHooks {
  // One set of buffers for every backtest of the search: each evaluation runs to completion
  // synchronously and keeps only numbers, so no two runs ever share it at once.
  const workspace = new BacktestWorkspace();
  return {
    async evaluate(window, individuals, purpose) {
      const slice = sliceSeries(series, window);
      const spec = oosFitness(fitness, purpose);
      if (pipeline) return individuals.map((p) => evaluateOnPipeline(slice, strategy, p, pipeline, spec));
      return individuals.map((p) => evaluateIndividual(slice, strategy, p, config, spec, timeframeMs, workspace));
    },
  };
}
