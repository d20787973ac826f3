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
  /** How the analysts review the strategy's trade in the `strategy` decision mode. */
  review: ReviewConfig;
}

export interface ReviewConfig {
  /** The analysts' score against the trade at or beyond this (with enough confidence) vetoes it. */
  vetoScore: number;
  /** Leaning against it, short of a veto, scales its size by this. */
  resizeFactor: number;
}

export type CoordinatorOverrides = {
  weights?: Partial<CoordinatorConfig['weights']>;
  review?: Partial<ReviewConfig>;
} & Partial<Omit<CoordinatorConfig, 'weights' | 'review'>>;

export const DEFAULT_COORDINATOR_CONFIG: CoordinatorConfig = {
  weights: { market: 0.3, strategy: 0.3, macro: 0.2, onchain: 0.1, sentiment: 0.1 },
  buyThreshold: 0.25,
  sellThreshold: 0.25,
  minConfidence: 0.3,
  maxDisagreement: 0.5,
  // A veto takes as strong a case against the trade as the ensemble needs for a trade of its own.
  review: { vetoScore: 0.25, resizeFactor: 0.5 },
};

/** Overrides over the defaults, unvalidated: for inputs validated where they entered (coordinatorConfig). */
export function mergeCoordinatorConfig(overrides: CoordinatorOverrides = {}): CoordinatorConfig {
  return {
    ...DEFAULT_COORDINATOR_CONFIG,
    ...overrides,
    weights: { ...DEFAULT_COORDINATOR_CONFIG.weights, ...overrides.weights },
    review: { ...DEFAULT_COORDINATOR_CONFIG.review, ...overrides.review },
  };
}
