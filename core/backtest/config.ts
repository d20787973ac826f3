import { z } from 'zod';
import { ValidationError } from '../errors';
import { MAX_TRAILING_STOP_PCT } from '../exits/trailing-stop';

/** Funding on perpetuals: a constant rate per 8 h (charged at 00:00/08:00/16:00 UTC) or explicit events. */
export const fundingSchema = z.union([
  z.object({ ratePer8h: z.number().min(-0.05).max(0.05) }),
  z.object({
    events: z
      .array(z.object({ time: z.number().int(), rate: z.number().min(-0.05).max(0.05) }))
      .refine((ev) => ev.every((e, i) => i === 0 || e.time > ev[i - 1].time), {
        message: 'funding events must be in increasing time order',
      }),
  }),
]);

export const backtestConfigSchema = z.object({
  initialCapital: z.number().positive(),
  /** Taker fee as a fraction of notional: 0.001 = 0.1 %. */
  fee: z.number().min(0).max(0.1),
  slippageBps: z.number().min(0).max(1000),
  stakePct: z.number().gt(0).max(100),
  stopLossPct: z.number().gt(0).max(100).nullable(),
  takeProfitPct: z.number().gt(0).max(10000).nullable(),
  /** Percent the stop trails the best price since entry by (see core/exits/trailing-stop); null = no trailing stop. */
  trailingStopPct: z.number().gt(0).max(MAX_TRAILING_STOP_PCT).nullable(),
  leverage: z.number().min(1).max(125),
  funding: fundingSchema.nullable(),
});

export type BacktestConfig = z.infer<typeof backtestConfigSchema>;
export type FundingConfig = z.infer<typeof fundingSchema>;

export const DEFAULT_BACKTEST_CONFIG: BacktestConfig = {
  initialCapital: 10_000,
  fee: 0.001,
  slippageBps: 0,
  stakePct: 100,
  stopLossPct: null,
  takeProfitPct: null,
  trailingStopPct: null,
  leverage: 1,
  funding: null,
};

export class BacktestConfigError extends ValidationError {
  declare readonly field: string;

  constructor(
    field: string,
    /** The problem without the field's name, for callers that name the field their own way (a CLI flag). */
    readonly detail: string,
  ) {
    super(`backtest setting ${field}: ${detail}`, { field });
  }
}

/** Defaults overlaid with `partial`; the first invalid field is named in the error. */
export function backtestConfig(partial: Partial<BacktestConfig> = {}): BacktestConfig {
  const r = backtestConfigSchema.safeParse({ ...DEFAULT_BACKTEST_CONFIG, ...partial });
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new BacktestConfigError(issue.path.join('.'), issue.message);
  }
  return r.data;
}
