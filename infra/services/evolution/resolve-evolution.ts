// Turns an evolution request into the exact, fully defaulted setup the workflow runs — or a clear
// error. The CLI calls it before starting anything; the workflow's first activity calls it again.
import { backtestConfig, BacktestConfigError } from '../../../core/backtest/config';
import { minimumCandles } from '../../../core/backtest/run-backtest';
import { timeframeToMs } from '../../../core/candles/timeframe';
import { parseEvolutionRequest } from '../../../core/optimizer/evolution-request';
import { DEFAULT_FITNESS } from '../../../core/optimizer/fitness';
import { DEFAULT_GENETIC_OPTIONS, validateGeneticOptions, type GeneticOptions } from '../../../core/optimizer/genetic';
import { validateSpace, type Genome } from '../../../core/optimizer/genome';
import { OptimizerInputError } from '../../../core/optimizer/optimizer-errors';
import { DEFAULT_PROMOTION_RULE } from '../../../core/optimizer/promotion';
import { trailingPlan, walkForwardPlan, type TimeWindow } from '../../../core/optimizer/walk-forward';
import { hashString } from '../../../core/sim/rng';
import { paramSpace } from '../../../core/strategies/param-space';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy as defaultResolveStrategy } from '../../../core/strategies/resolve-strategy';
import type { Strategy } from '../../../core/strategies/strategy';
import type { PreparedEvolution } from '../../../workflows/evolution-contract';
import type { PrismaClient } from '../../adapters/db';
import { countCandles } from '../../adapters/market-data/candle-store';
import { EvolutionInputError } from './evolution-input-error';
import { pipelineSetup } from './pipeline-setup';
import { currentVersion } from './strategy-versions';

export interface ResolveOptions {
  now: number;
  /** Seeds the search when the request gives no seed. */
  workflowId?: string;
  /** Create version 1 of a built-in strategy that has no row yet (the workflow does; a preflight does not). */
  createBuiltIn?: boolean;
  resolveStrategy?: (type: string) => Strategy<any>;
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof OptimizerInputError || e instanceof BacktestConfigError)
      throw new EvolutionInputError(e.message, { field: e.field });
    throw e;
  }
}

export async function resolveEvolution(
  prisma: PrismaClient,
  raw: unknown,
  o: ResolveOptions,
): Promise<Omit<PreparedEvolution, 'runId'>> {
  const req = wrap(() => parseEvolutionRequest(raw));
  let timeframeMs: number;
  try {
    timeframeMs = timeframeToMs(req.timeframe);
  } catch (e) {
    throw new EvolutionInputError((e as Error).message, { field: 'timeframe' });
  }
  const cur = await currentVersion(prisma, req.strategy, o.createBuiltIn ?? false);
  let impl: Strategy<any>;
  try {
    impl = (o.resolveStrategy ?? defaultResolveStrategy)(cur.type);
  } catch (e) {
    throw new EvolutionInputError(
      `strategy ${req.strategy} v${cur.version} has type "${cur.type}" that cannot be loaded: ${(e as Error).message}`,
    );
  }
  const space = wrap(() => {
    const s = paramSpace(impl.paramsSchema);
    validateSpace(s);
    return s;
  });
  let currentParams: Genome;
  try {
    currentParams = resolveParams(impl, cur.parameters ?? {});
  } catch (e) {
    throw new EvolutionInputError(
      `strategy ${req.strategy} v${cur.version}: stored parameters are invalid: ${(e as Error).message}`,
    );
  }
  const seed = req.genetic.seed ?? hashString(o.workflowId ?? `${req.strategy}`);
  const genetic: GeneticOptions = { ...DEFAULT_GENETIC_OPTIONS, ...req.genetic, seed };
  wrap(() => validateGeneticOptions(genetic));
  const backtest = wrap(() => backtestConfig(req.backtest));
  const plan = wrap(() =>
    'trainFrom' in req.window
      ? walkForwardPlan(req.window.trainFrom, req.window.trainTo, req.window.oosTo, req.oosWindows)
      : trailingPlan(o.now, req.window.trainDays, req.window.oosDays, req.oosWindows, timeframeMs),
  );
  const pipeline = pipelineSetup(req, backtest.initialCapital);
  const series = { exchange: req.exchange, symbol: req.symbol, timeframe: req.timeframe };
  const need = minimumCandles(impl.create(currentParams));
  const check = async (w: TimeWindow, what: string) => {
    // Windows are half-open [from, to): times are whole milliseconds.
    const n = await countCandles(prisma, series, { from: w.from, to: w.to - 1 });
    if (n < need) {
      throw new EvolutionInputError(
        `${n === 0 ? 'no candles' : `only ${n} candles`} for ${series.exchange} ${series.symbol} ${series.timeframe} in the ${what} ${iso(w.from)} .. ${iso(w.to)} (need at least ${need}); import or sync them first (opentrade data import|sync)`,
      );
    }
  };
  await check(plan.train, 'training window');
  for (let i = 0; i < plan.oos.length; i++)
    await check(plan.oos[i], `out-of-sample window ${i + 1}/${plan.oos.length}`);
  return {
    strategy: req.strategy,
    strategyType: cur.type,
    currentVersion: cur.version,
    currentParams,
    space,
    genetic,
    plan,
    fitness: { ...DEFAULT_FITNESS, ...req.fitness },
    promotion: { ...DEFAULT_PROMOTION_RULE, ...req.promotion },
    backtest,
    series,
    timeframeMs,
    batchSize: req.batchSize,
    candidates: req.candidates,
    review: req.review,
    activate: req.activate,
    decide: req.decide,
    ...(pipeline ? { pipeline } : {}),
  };
}
