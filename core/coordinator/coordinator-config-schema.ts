// The validating side of coordinator-config.ts: ranges for every weight and threshold.
import { z } from 'zod';
import { AGENT_NAMES } from '../agents/signal';
import { mergeCoordinatorConfig, type CoordinatorConfig, type CoordinatorOverrides } from './coordinator-config';

const weight = z.number().min(0).max(100);

export const CoordinatorConfigSchema = z
  .object({
    weights: z
      .object(
        Object.fromEntries(AGENT_NAMES.map((n) => [n, weight])) as Record<(typeof AGENT_NAMES)[number], typeof weight>,
      )
      .strict(),
    buyThreshold: z.number().gt(0).max(1),
    sellThreshold: z.number().gt(0).max(1),
    minConfidence: z.number().min(0).max(1),
    maxDisagreement: z.number().min(0).max(1),
    review: z.object({ vetoScore: z.number().gt(0).max(1), resizeFactor: z.number().gt(0).max(1) }).strict(),
  })
  .strict();

/** Merges partial overrides over the defaults and validates; errors name the bad field. */
export function coordinatorConfig(overrides: CoordinatorOverrides = {}): CoordinatorConfig {
  const parsed = CoordinatorConfigSchema.safeParse(mergeCoordinatorConfig(overrides));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`coordinator config is invalid: ${issues}`);
  }
  return parsed.data;
}
