// The pipeline backtest's options from what a run request names (symbol, timeframe, mode, strategy,
// protections, trailing stop): the sim venue's model of the pair, the deterministic analysts, and
// the snapshot's higher timeframe. One builder for `--local` and the durable worker, so both run the
// same options on the same candles.
import { createDeterministicAgents } from '../../../core/agents/create-agents';
import { higherTimeframeOf } from '../../../core/candles/higher-timeframe';
import { RiskLimitsSchema, type RiskLimits } from '../../../core/config/schema';
import { ValidationError } from '../../../core/errors';
import type { DecisionMode } from '../../../core/pipeline/decision-mode';
import type { LlmConfig } from '../../../core/config/llm-config-schema';
import type { BacktestLlmSettings } from '../../../core/llm/cycle-llm-settings';
import { stepSettings } from '../../../core/llm/model-steps';
import type { PipelineBacktestOptions, PipelineLlm } from '../../../core/pipeline/run-pipeline-backtest';
import type { ProtectionsConfig } from '../../../core/protections/types';
import type { StrategyInstance } from '../../../core/strategies/strategy';
import { SIM_ASSETS, simMarkets } from '../../adapters/exchange/sim-markets';

export interface PipelineRequest {
  symbol: string;
  timeframe: string;
  decide: DecisionMode;
  instance: StrategyInstance;
  initialCapital: number;
  protections?: ProtectionsConfig;
  trailingStopPct?: number;
  /** Absent: the defaults a config file without a risk section gets. */
  riskLimits?: RiskLimits;
  /** Agents that think with a model, and the config's `llm` section their calls are made with. */
  llm?: { settings: BacktestLlmSettings; config: LlmConfig };
}

/** Until a driver answers (pipeline-asking), every question is unanswered. */
const unanswered = () => undefined;

export function pipelineLlmOf(settings: BacktestLlmSettings, config: LlmConfig): PipelineLlm {
  return {
    agents: settings.agents,
    debateRounds: settings.debateRounds,
    every: settings.every,
    steps: stepSettings(settings.models, config),
    ask: unanswered,
  };
}

/** Throws a ValidationError naming `symbol` when the sim venue does not model the pair. */
export function simMarketOf(symbol: string) {
  const markets = simMarkets(SIM_ASSETS);
  const market = markets[symbol];
  if (!market)
    throw new ValidationError(
      `--symbol ${symbol}: the pipeline backtest models the sim venue's pairs: ${Object.keys(markets).join(', ')}`,
      { field: 'symbol' },
    );
  return market;
}

export function pipelineOptionsFor(r: PipelineRequest): PipelineBacktestOptions {
  const market = simMarketOf(r.symbol);
  const higher = higherTimeframeOf(r.timeframe);
  return {
    symbol: r.symbol,
    market,
    timeframe: r.timeframe,
    ...(higher ? { higherTimeframe: higher } : {}),
    decide: r.decide,
    strategy: r.instance,
    agents: createDeterministicAgents(),
    riskLimits: r.riskLimits ?? RiskLimitsSchema.parse({}),
    ...(r.protections ? { protections: r.protections } : {}),
    ...(r.trailingStopPct !== undefined ? { trailingStopPct: r.trailingStopPct } : {}),
    initialCapital: r.initialCapital,
    ...(r.llm ? { llm: pipelineLlmOf(r.llm.settings, r.llm.config) } : {}),
  };
}
