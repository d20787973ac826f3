import type { BacktestConfig } from '../backtest/config';
import type { CandleSeries } from '../candles/series';
import type { Strategy } from '../strategies/strategy';
import { evaluateIndividual, sliceSeries } from './evaluate';
import { oosFitness, type FitnessSpec } from './fitness';
import type { EvolutionHooks } from './run-evolution';

/** Evaluations in this process over one loaded series: the reference the distributed workflow must match. */
export function inProcessHooks(series: CandleSeries, strategy: Strategy<any>, config: BacktestConfig, fitness: FitnessSpec, timeframeMs?: number): EvolutionHooks {
  return {
    async evaluate(window, individuals, purpose) {
      const slice = sliceSeries(series, window);
      const spec = oosFitness(fitness, purpose);
      return individuals.map((p) => evaluateIndividual(slice, strategy, p, config, spec, timeframeMs));
    },
  };
}
