// `opentrade backtest --local --decide strategy|ensemble`: the whole agent pipeline per candle (the
// five deterministic analysts, the decision mode, the cycle's risk step and protections, the cycle's
// orders on the paper engine) over the candles, on the sim venue's model of the pair: its amount
// step, minimums, fees and quote.
import type { CandleSeries } from '../../core/candles/series';
import { ValidationError } from '../../core/errors';
import { inferTimeframeMs } from '../../core/candles/timeframe';
import type { DecisionMode } from '../../core/pipeline/decision-mode';
import { runPipelineBacktest } from '../../core/pipeline/run-pipeline-backtest';
import { pipelineOptionsFor } from '../../infra/services/backtests/pipeline-options';
import { ladderTimeframeOf, TIMEFRAME_LADDER } from '../../core/candles/higher-timeframe';
import { formatPipelineReport, pipelineReport } from '../../core/pipeline/pipeline-report';
import type { ProtectionsConfig } from '../../core/protections/types';
import type { RiskLimits } from '../../core/config/schema';
import type { StrategyInstance } from '../../core/strategies/strategy';

/** The ladder name of the series' candle spacing, e.g. 1m; an error when it is none of them. */
export function timeframeOf(series: CandleSeries): string {
  const ms = inferTimeframeMs(series);
  const tf = ladderTimeframeOf(ms);
  if (!tf)
    throw new ValidationError(
      `the candles are ${ms} ms apart, which is no timeframe of ${TIMEFRAME_LADDER.join(', ')}: give --timeframe`,
      {
        field: 'timeframe',
      },
    );
  return tf;
}

export interface PipelineRun {
  series: CandleSeries;
  decide: DecisionMode;
  instance: StrategyInstance;
  label: string;
  symbol: string;
  timeframe: string;
  initialCapital: number;
  /** The session's risk limits (the config file's); absent: the defaults. */
  riskLimits?: RiskLimits;
  protections?: ProtectionsConfig;
  trailingStopPct?: number;
  json?: boolean;
}

export function runPipelineFromCli(r: PipelineRun): void {
  const options = pipelineOptionsFor({
    symbol: r.symbol,
    timeframe: r.timeframe,
    decide: r.decide,
    instance: r.instance,
    initialCapital: r.initialCapital,
    ...(r.riskLimits ? { riskLimits: r.riskLimits } : {}),
    ...(r.protections ? { protections: r.protections } : {}),
    ...(r.trailingStopPct !== undefined ? { trailingStopPct: r.trailingStopPct } : {}),
  });
  const result = runPipelineBacktest(r.series, options);
  process.stdout.write(
    r.json
      ? `${JSON.stringify(pipelineReport(r.decide, result))}\n`
      : formatPipelineReport(`${r.label} on ${r.symbol}`, r.decide, result),
  );
}
