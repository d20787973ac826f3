// Hard limits come from the user's config (RiskLimits); the sizing knobs below are ours. Defaults:
// half-Kelly (full Kelly is too aggressive for estimated edges), Kelly only after 30 recorded trades
// (fewer make win rate and payoff too noisy) with 2.5% of equity until then, an ATR move costing at
// most 0.5% of equity, and half size when the crowd is one-sided.
// No zod here (workflows import this); the validating side is risk-policy-config-schema.ts.
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './default-risk-limits';

export interface SizingConfig {
  kellyMultiplier: number;
  minTradesForKelly: number;
  /** Fraction of equity used while the strategy has too few trades for Kelly. */
  fallbackFraction: number;
  /** Percent of equity one ATR move against the position may cost. */
  volTargetPct: number;
  sentimentExtremeFactor: number;
  /** Orders below this notional (quote) are vetoed. */
  minNotional: number;
}

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

export type RiskPolicyOverrides = { limits?: Partial<RiskLimits>; sizing?: Partial<SizingConfig> };

/** Overrides over the defaults, unvalidated: for inputs validated where they entered (riskPolicyConfig). */
export function mergeRiskPolicyConfig(overrides: RiskPolicyOverrides = {}): RiskPolicyConfig {
  return {
    limits: { ...DEFAULT_RISK_LIMITS, ...overrides.limits },
    sizing: { ...DEFAULT_SIZING, ...overrides.sizing },
  };
}
