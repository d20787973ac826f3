import { z } from 'zod';

/** What a fitness function reads from a backtest (BacktestMetrics satisfies it). */
export interface FitnessInput {
  sharpe: number;
  maxDrawdownPct: number;
  totalReturnPct: number;
  calmar: number | null;
  trades: number;
}

export const fitnessSpecSchema = z.object({
  /** `sharpe-dd`: Sharpe − ddPenalty × max drawdown (as a fraction); `sharpe`; `return` (total %, /100); `calmar`. */
  kind: z.enum(['sharpe-dd', 'sharpe', 'return', 'calmar']).default('sharpe-dd'),
  ddPenalty: z.number().min(0).max(100).default(2),
  /** Fewer closed trades than this scores INVALID_FITNESS: a parameter set that never trades proves nothing. */
  minTrades: z.number().int().min(0).default(3),
});
export type FitnessSpec = z.infer<typeof fitnessSpecSchema>;
export const DEFAULT_FITNESS: FitnessSpec = fitnessSpecSchema.parse({});

/**
 * The score of an individual that could not be evaluated (rejected parameters, too few trades, too
 * little data). Finite, so it travels through JSON and sorts below every real score.
 */
export const INVALID_FITNESS = -1000;

export function computeFitness(m: FitnessInput, spec: FitnessSpec = DEFAULT_FITNESS): number {
  if (m.trades < spec.minTrades) return INVALID_FITNESS;
  let f: number;
  switch (spec.kind) {
    case 'sharpe':
      f = m.sharpe;
      break;
    case 'return':
      f = m.totalReturnPct / 100;
      break;
    case 'calmar':
      f = m.calmar ?? (m.totalReturnPct > 0 ? 10 : 0);
      break;
    default:
      f = m.sharpe - spec.ddPenalty * (m.maxDrawdownPct / 100);
  }
  return Number.isFinite(f) ? Math.max(INVALID_FITNESS + 1, f) : INVALID_FITNESS;
}

/** Out of sample, a window without trades scores what it earned (nothing), not INVALID_FITNESS. */
export function oosFitness(spec: FitnessSpec, purpose: 'train' | 'oos'): FitnessSpec {
  return purpose === 'oos' ? { ...spec, minTrades: 0 } : spec;
}
