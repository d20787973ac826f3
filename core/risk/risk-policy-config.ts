// Hard limits come from the user's config (RiskLimits); the sizing knobs below are ours. Defaults:
// half-Kelly (full Kelly is too aggressive for estimated edges), Kelly only after 30 recorded trades
// (fewer make win rate and payoff too noisy) with 2.5% of equity until then, an ATR move costing at
// most 0.5% of equity, and half size when the crowd is one-sided.
import { z } from 'zod';
import { RiskLimitsSchema, type RiskLimits } from '../config/schema';

export const SizingConfigSchema = z
  .object({
    kellyMultiplier: z.number().gt(0).max(1),
    minTradesForKelly: z.number().int().min(1),
    /** Fraction of equity used while the strategy has too few trades for Kelly. */
    fallbackFraction: z.number().gt(0).max(1),
    /** Percent of equity one ATR move against the position may cost. */
    volTargetPct: z.number().gt(0).max(100),
    sentimentExtremeFactor: z.number().gt(0).max(1),
    /** Orders below this notional (quote) are vetoed. */
    minNotional: z.number().min(0),
  })
  .strict();

export type SizingConfig = z.infer<typeof SizingConfigSchema>;

export const DEFAULT_SIZING: SizingConfig = {
  kellyMultiplier: 0.5,
  minTradesForKelly: 30,
  fallbackFraction: 0.025,
  volTargetPct: 0.5,
  sentimentExtremeFactor: 0.5,
  minNotional: 0,
};

export interface RiskPolicyConfig {
  limits: RiskLimits;
  sizing: SizingConfig;
}

export function riskPolicyConfig(overrides: { limits?: Partial<RiskLimits>; sizing?: Partial<SizingConfig> } = {}): RiskPolicyConfig {
  const limits = RiskLimitsSchema.safeParse({ ...overrides.limits });
  const sizing = SizingConfigSchema.safeParse({ ...DEFAULT_SIZING, ...overrides.sizing });
  const issues = [
    ...(limits.success ? [] : limits.error.issues.map((i) => `limits.${i.path.join('.')}: ${i.message}`)),
    ...(sizing.success ? [] : sizing.error.issues.map((i) => `sizing.${i.path.join('.')}: ${i.message}`)),
  ];
  if (issues.length || !limits.success || !sizing.success) throw new Error(`risk policy config is invalid: ${issues.join('; ')}`);
  return { limits: limits.data, sizing: sizing.data };
}
