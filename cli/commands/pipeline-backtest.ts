// `opentrade backtest --local --decide strategy|ensemble`: the whole agent pipeline per candle (the
// five deterministic analysts, the decision mode, the cycle's risk step and protections, the cycle's
// orders on the paper engine) over the candles, on the sim venue's model of the pair: its amount
// step, minimums, fees and quote.
import { createDeterministicAgents } from '../../core/agents/create-agents';
import type { CandleSeries } from '../../core/candles/series';
import { formatBacktestReport } from '../../core/backtest/format-report';
import { RiskLimitsSchema } from '../../core/config/schema';
import { ValidationError } from '../../core/errors';
import { inferTimeframeMs, timeframeToMs } from '../../core/candles/timeframe';
import type { DecisionMode } from '../../core/pipeline/decision-mode';
import { runPipelineBacktest } from '../../core/pipeline/run-pipeline-backtest';
import type { ProtectionsConfig } from '../../core/protections/types';
import type { StrategyInstance } from '../../core/strategies/strategy';
import { SIM_ASSETS, simMarkets } from '../../infra/adapters/exchange/sim-markets';

const LADDER = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '1w'];

/** The ladder name of the series' candle spacing, e.g. 1m; an error when it is none of them. */
export function timeframeOf(series: CandleSeries): string {
  const ms = inferTimeframeMs(series);
  const tf = LADDER.find((t) => timeframeToMs(t) === ms);
  if (!tf)
    throw new ValidationError(
      `the candles are ${ms} ms apart, which is no timeframe of ${LADDER.join(', ')}: give --timeframe`,
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
  protections?: ProtectionsConfig;
  json?: boolean;
}

export function runPipelineFromCli(r: PipelineRun): void {
  const markets = simMarkets(SIM_ASSETS);
  const market = markets[r.symbol];
  if (!market)
    throw new ValidationError(
      `--symbol ${r.symbol}: the pipeline backtest models the sim venue's pairs: ${Object.keys(markets).join(', ')}`,
      { field: 'symbol' },
    );
  const tfMs = timeframeToMs(r.timeframe);
  // The snapshot's higher timeframe: the next rung of the ladder the candles add up to.
  const higher = LADDER.find((tf) => timeframeToMs(tf) > tfMs && timeframeToMs(tf) % tfMs === 0);
  const result = runPipelineBacktest(r.series, {
    symbol: r.symbol,
    market,
    timeframe: r.timeframe,
    ...(higher ? { higherTimeframe: higher } : {}),
    decide: r.decide,
    strategy: r.instance,
    agents: createDeterministicAgents(),
    riskLimits: RiskLimitsSchema.parse({}),
    ...(r.protections ? { protections: r.protections } : {}),
    initialCapital: r.initialCapital,
  });
  if (r.json) {
    process.stdout.write(
      `${JSON.stringify({
        decide: r.decide,
        metrics: result.metrics,
        cycles: result.cycles,
        holds: result.holds,
        decisions: result.decisions,
        trades: result.trades,
        locks: result.locks,
      })}\n`,
    );
    return;
  }
  const vetoes = result.decisions.filter((d) => d.verdict === 'veto').length;
  process.stdout.write(
    `${formatBacktestReport(`pipeline backtest (--decide ${r.decide}) ${r.label} on ${r.symbol}`, result)}\n` +
      `cycles        ${result.cycles}   BUY/SELL decisions ${result.decisions.length}   vetoed ${vetoes}   protection locks ${result.locks.length}\n`,
  );
}
