// What a pipeline run needs checked before its first chunk: a strategy that exists with enough
// candles, a pair the sim venue models, and candles on a timeframe of the ladder (the analysts'
// snapshot is keyed by its name). Each failure is bad input, not worth a retry.
import type { CandleSeries } from '../../core/candles/series';
import { minimumCandles } from '../../core/backtest/run-backtest';
import { resolveParams } from '../../core/strategies/resolve-params';
import { resolveStrategy } from '../../core/strategies/resolve-strategy';
import { simMarketOf } from '../../infra/services/backtests/pipeline-options';
import { ladderTimeframeOf, TIMEFRAME_LADDER } from '../../core/candles/higher-timeframe';
import type { BacktestWorkflowInput } from '../../workflows/backtest-contract';
import { backtestInputError } from './input-error';

/** The timeframe's name, after checking the run can start. */
export function pipelineTimeframe(input: BacktestWorkflowInput, series: CandleSeries, timeframeMs: number): string {
  try {
    if (!input.pipeline) throw new Error(`decide ${input.decide} needs the pipeline settings (symbol, risk limits)`);
    simMarketOf(input.pipeline.symbol);
    const strategy = resolveStrategy(input.strategy);
    const need = minimumCandles(strategy.create(resolveParams(strategy, input.params)));
    if (series.length < need)
      throw new Error(
        `too little data: ${strategy.id} with ${JSON.stringify(input.params)} needs at least ${need} candles, got ${series.length}`,
      );
    const timeframe = ladderTimeframeOf(timeframeMs);
    if (!timeframe)
      throw new Error(
        `the candles are ${timeframeMs} ms apart, which is no timeframe of ${TIMEFRAME_LADDER.join(', ')}`,
      );
    return timeframe;
  } catch (e) {
    throw backtestInputError((e as Error).message);
  }
}
