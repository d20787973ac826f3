import { z } from 'zod';
import { initialReturnStats } from '../metrics/metrics';

/**
 * Everything the engine needs to continue from candle `next`: a plain JSON-safe object (no NaN,
 * no typed arrays), so a durable backtest can store it between chunks. Absent levels are null.
 */
export const engineStateSchema = z.object({
  version: z.literal(1),
  next: z.number().int().min(0),
  cash: z.number(),
  /** 1 long, −1 short, 0 flat */
  side: z.union([z.literal(1), z.literal(-1), z.literal(0)]),
  quantity: z.number(),
  entryPrice: z.number(),
  entryIndex: z.number().int(),
  entryTime: z.number(),
  entryFee: z.number(),
  margin: z.number(),
  stop: z.number().nullable(),
  take: z.number().nullable(),
  /** The trailing stop's level as of the last candle run (config.trailingStopPct); `stop` is the fixed one. */
  trail: z.number().nullable(),
  tradeFunding: z.number(),
  feesPaid: z.number(),
  fundingPaid: z.number(),
  exposedCandles: z.number().int(),
  /** Running return statistics for the metrics (see core/metrics ReturnStats). */
  returns: z.object({
    prev: z.number(),
    sum: z.number(),
    sumSq: z.number(),
    downSq4: z.number(),
    peak: z.number(),
    maxDd: z.number(),
  }),
  finished: z.boolean(),
});

export type EngineState = z.infer<typeof engineStateSchema>;

export function initialEngineState(initialCapital: number): EngineState {
  return {
    version: 1,
    next: 0,
    cash: initialCapital,
    side: 0,
    quantity: 0,
    entryPrice: 0,
    entryIndex: -1,
    entryTime: 0,
    entryFee: 0,
    margin: 0,
    stop: null,
    take: null,
    trail: null,
    tradeFunding: 0,
    feesPaid: 0,
    fundingPaid: 0,
    exposedCandles: 0,
    returns: initialReturnStats(initialCapital),
    finished: false,
  };
}

/** Validates a state read back from storage (a chunk of a durable backtest). */
export function parseEngineState(raw: unknown): EngineState {
  const r = engineStateSchema.safeParse(raw);
  if (!r.success)
    throw new TypeError(
      `invalid backtest engine state: ${r.error.issues[0].path.join('.')} ${r.error.issues[0].message}`,
    );
  return r.data;
}
