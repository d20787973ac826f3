import type { z } from 'zod';
import type { CandleSeries } from '../candles/series';
import type { AdviceBuffer } from './advice';

export type StrategyParams = Record<string, number | boolean>;

/**
 * A strategy instance with fixed parameters. `advise` writes the advice for the candles of `series`
 * into `out`, which arrives all hold (zero) with overrides NaN, so only non-hold entries need
 * writing; advice[i] may depend only on candles 0..i (the no-lookahead harness checks every built-in).
 * Backtests call it once over the whole series; live and paper code call `adviseAt` on a rolling
 * window, which runs the same code on a prefix, so both see identical decisions.
 */
export interface StrategyInstance {
  /** Candles needed before the first non-hold advice can appear (too-short data is an error). */
  readonly warmup: number;
  advise(series: CandleSeries, out: AdviceBuffer): void;
  /** True when `advise` writes stop/take overrides (the caller allocates those arrays). */
  readonly overrides: boolean;
}

export interface Strategy<P extends StrategyParams = StrategyParams> {
  readonly id: string;
  readonly version: string;
  readonly description: string;
  /** zod object schema; numeric fields carry min/max (and `.meta({ step })`) for the optimizer. */
  readonly paramsSchema: z.ZodType<P>;
  readonly defaults: P;
  create(params: P): StrategyInstance;
}

/** Helper so built-ins and user files get parameter types inferred from their schema. */
export function defineStrategy<P extends StrategyParams>(s: Strategy<P>): Strategy<P> {
  return s;
}
