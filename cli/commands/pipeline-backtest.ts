// `opentrade backtest --local --decide strategy|ensemble`: the whole agent pipeline per candle (the
// five deterministic analysts, the decision mode, the cycle's risk step and protections, the cycle's
// orders on the paper engine) over the candles, on the sim venue's model of the pair: its amount
// step, minimums, fees and quote.
import type { CandleSeries } from '../../core/candles/series';
import { ValidationError } from '../../core/errors';
import { inferTimeframeMs } from '../../core/candles/timeframe';
import type { DecisionMode } from '../../core/pipeline/decision-mode';
import {
  initialPipelineState,
  pipelineResult,
  runPipelineBacktest,
  type PipelineBacktestOptions,
  type PipelineBacktestResult,
} from '../../core/pipeline/run-pipeline-backtest';
import type { OpenTradeConfig } from '../../core/config/schema';
import type { BacktestLlmSettings } from '../../core/llm/cycle-llm-settings';
import { runPipelineChunkAsking } from '../../infra/services/backtests/pipeline-asking';
import { modelConsultantFor } from '../../infra/services/llm/model-consultant';
import { resolveEndpoints } from '../../infra/stack/config/endpoints';
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
  /** Agents that think with a model: the run asks it through the cache and records every call. */
  llm?: { settings: BacktestLlmSettings; config: OpenTradeConfig };
  json?: boolean;
}

export async function runPipelineFromCli(r: PipelineRun): Promise<void> {
  const options = pipelineOptionsFor({
    symbol: r.symbol,
    timeframe: r.timeframe,
    decide: r.decide,
    instance: r.instance,
    initialCapital: r.initialCapital,
    ...(r.riskLimits ? { riskLimits: r.riskLimits } : {}),
    ...(r.protections ? { protections: r.protections } : {}),
    ...(r.trailingStopPct !== undefined ? { trailingStopPct: r.trailingStopPct } : {}),
    ...(r.llm ? { llm: { settings: r.llm.settings, config: r.llm.config.llm } } : {}),
  });
  const result = r.llm ? await runAskingModel(r.series, options, r.llm) : runPipelineBacktest(r.series, options);
  process.stdout.write(
    r.json
      ? `${JSON.stringify(pipelineReport(r.decide, result))}\n`
      : formatPipelineReport(`${r.label} on ${r.symbol}`, r.decide, result),
  );
}

/** The whole run in this process, its questions through the database's cache and audit trail. */
async function runAskingModel(
  series: CandleSeries,
  options: PipelineBacktestOptions,
  llm: NonNullable<PipelineRun['llm']>,
): Promise<PipelineBacktestResult> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const db = require('../../infra/adapters/db') as typeof import('../../infra/adapters/db');
  const { createLlmClient } =
    require('../../infra/adapters/llm/llm-client') as typeof import('../../infra/adapters/llm/llm-client');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const databaseUrl = resolveEndpoints(llm.config).databaseUrl;
  const prisma = db.createPrisma(databaseUrl);
  try {
    const repos = db.createRepositories({ prisma, databaseUrl });
    const cfg = llm.config.llm;
    const consultant = modelConsultantFor(cfg, createLlmClient(cfg), repos.llmCalls);
    const runId = `local-${Date.now().toString(36)}`;
    const chunk = await runPipelineChunkAsking(series, options, initialPipelineState(options), series.length, {
      consultant,
      runId,
      cache: llm.settings.cache,
      concurrency: cfg.concurrency,
      budget: cfg.budget,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    return pipelineResult(series, options, chunk.state, chunk.equity, chunk.decisions);
  } finally {
    await prisma.$disconnect();
  }
}
