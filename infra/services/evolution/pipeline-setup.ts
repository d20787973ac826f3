// What the pipeline decision modes of an evolution score candidates with: the sim venue's model of
// the pair (its amount step, minimums and fees), the snapshot's higher timeframe and the session's
// risk limits. Resolved once, where the run is prepared; the evaluations only read it.
import { higherTimeframeOf } from '../../../core/candles/higher-timeframe';
import { RiskLimitsSchema, type RiskLimits } from '../../../core/config/schema';
import type { PipelineEvaluation } from '../../../core/optimizer/pipeline-evaluation';
import type { BacktestDecisionMode } from '../../../core/pipeline/decision-mode';
import { SIM_ASSETS, simMarkets } from '../../adapters/exchange/sim-markets';
import { EvolutionInputError } from './evolution-input-error';

export interface PipelineSetupRequest {
  decide: BacktestDecisionMode;
  symbol: string;
  timeframe: string;
  riskLimits?: RiskLimits;
}

/** Undefined for strategy-only (the engine needs none of it). */
export function pipelineSetup(req: PipelineSetupRequest, initialCapital: number): PipelineEvaluation | undefined {
  if (req.decide === 'strategy-only') return undefined;
  const markets = simMarkets(SIM_ASSETS);
  const market = markets[req.symbol];
  if (!market)
    throw new EvolutionInputError(
      `symbol ${req.symbol}: decide ${req.decide} scores candidates with the pipeline backtest, which models the sim venue's pairs: ${Object.keys(markets).join(', ')}`,
      { field: 'symbol' },
    );
  const higherTimeframe = higherTimeframeOf(req.timeframe);
  return {
    decide: req.decide,
    symbol: req.symbol,
    market,
    timeframe: req.timeframe,
    ...(higherTimeframe ? { higherTimeframe } : {}),
    riskLimits: req.riskLimits ?? RiskLimitsSchema.parse({}),
    initialCapital,
  };
}
