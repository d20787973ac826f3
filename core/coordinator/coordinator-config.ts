// Ensemble weights and thresholds. Defaults: technicals and the session's own strategy carry most
// of the weight (they are tested in backtests); macro is heavy enough that an event window alone can
// pull a marginal score under the threshold; flow and crowd data are noisy and weigh least.
// No zod here (workflows import this); the validating schema is coordinator-config-schema.ts.
import type { AgentName } from '../agents/signal';

export interface CoordinatorConfig {
  weights: Record<AgentName, number>;
  /** score >= buyThreshold → BUY. */
  buyThreshold: number;
  /** score <= -sellThreshold → SELL. */
  sellThreshold: number;
  /** Aggregate confidence below this → HOLD. */
  minConfidence: number;
  /** Disagreement above this → HOLD. */
  maxDisagreement: number;
}

export type CoordinatorOverrides = { weights?: Partial<CoordinatorConfig['weights']> } & Partial<
  Omit<CoordinatorConfig, 'weights'>
>;

export const DEFAULT_COORDINATOR_CONFIG: CoordinatorConfig = {
  weights: { market: 0.3, strategy: 0.3, macro: 0.2, onchain: 0.1, sentiment: 0.1 },
  buyThreshold: 0.25,
  sellThreshold: 0.25,
  minConfidence: 0.3,
  maxDisagreement: 0.5,
};

/** Overrides over the defaults, unvalidated: for inputs validated where they entered (coordinatorConfig). */
export function mergeCoordinatorConfig(overrides: CoordinatorOverrides = {}): CoordinatorConfig {
  return {
    ...DEFAULT_COORDINATOR_CONFIG,
    ...overrides,
    weights: { ...DEFAULT_COORDINATOR_CONFIG.weights, ...overrides.weights },
  };
}
