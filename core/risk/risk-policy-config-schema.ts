// The validating side of risk-policy-config.ts: the config's hard limits and our sizing knobs.
import { z } from 'zod';
import { RiskLimitsSchema } from '../config/schema';
import { mergeRiskPolicyConfig, type RiskPolicyConfig, type RiskPolicyOverrides } from './risk-policy-config';

export const SizingConfigSchema = z
  .object({
    kellyMultiplier: z.number().gt(0).max(1),
    minTradesForKelly: z.number().int().min(1),
    fallbackFraction: z.number().gt(0).max(1),
    volTargetPct: z.number().gt(0).max(100),
    sentimentExtremeFactor: z.number().gt(0).max(1),
    minNotional: z.number().min(0),
  })
  .strict();

/** Merges partial overrides over the defaults (as workflows do) and validates; errors name the bad field. */
export function riskPolicyConfig(overrides: RiskPolicyOverrides = {}): RiskPolicyConfig {
  const merged = mergeRiskPolicyConfig(overrides);
  const limits = RiskLimitsSchema.safeParse(merged.limits);
  const sizing = SizingConfigSchema.safeParse(merged.sizing);
  const issues = [
    ...(limits.success ? [] : limits.error.issues.map((i) => `limits.${i.path.join('.')}: ${i.message}`)),
    ...(sizing.success ? [] : sizing.error.issues.map((i) => `sizing.${i.path.join('.')}: ${i.message}`)),
  ];
  if (issues.length || !limits.success || !sizing.success)
    throw new Error(`risk policy config is invalid: ${issues.join('; ')}`);
  return { limits: limits.data, sizing: sizing.data };
}
