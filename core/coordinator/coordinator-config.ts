// Ensemble weights and thresholds. Defaults: technicals and the session's own strategy carry most
// of the weight (they are tested in backtests); macro is heavy enough that an event window alone can
// pull a marginal score under the threshold; flow and crowd data are noisy and weigh least.
import { z } from 'zod';
import { AGENT_NAMES } from '../agents/signal';

const weight = z.number().min(0).max(100);

export const CoordinatorConfigSchema = z
  .object({
    weights: z
      .object(Object.fromEntries(AGENT_NAMES.map((n) => [n, weight])) as Record<(typeof AGENT_NAMES)[number], typeof weight>)
      .strict(),
    /** score >= buyThreshold → BUY. */
    buyThreshold: z.number().gt(0).max(1),
    /** score <= -sellThreshold → SELL. */
    sellThreshold: z.number().gt(0).max(1),
    /** Aggregate confidence below this → HOLD. */
    minConfidence: z.number().min(0).max(1),
    /** Disagreement above this → HOLD. */
    maxDisagreement: z.number().min(0).max(1),
  })
  .strict();

export type CoordinatorConfig = z.infer<typeof CoordinatorConfigSchema>;

export const DEFAULT_COORDINATOR_CONFIG: CoordinatorConfig = {
  weights: { market: 0.3, strategy: 0.3, macro: 0.2, onchain: 0.1, sentiment: 0.1 },
  buyThreshold: 0.25,
  sellThreshold: 0.25,
  minConfidence: 0.3,
  maxDisagreement: 0.5,
};

/** Merges partial overrides over the defaults and validates; errors name the bad field. */
export function coordinatorConfig(overrides: { weights?: Partial<CoordinatorConfig['weights']> } & Partial<Omit<CoordinatorConfig, 'weights'>> = {}): CoordinatorConfig {
  const merged = { ...DEFAULT_COORDINATOR_CONFIG, ...overrides, weights: { ...DEFAULT_COORDINATOR_CONFIG.weights, ...overrides.weights } };
  const parsed = CoordinatorConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`coordinator config is invalid: ${issues}`);
  }
  return parsed.data;
}
