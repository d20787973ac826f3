import { z } from 'zod';

export const promotionRuleSchema = z.object({
  /** The candidate's mean out-of-sample fitness must exceed the current version's by this much. */
  margin: z.number().min(0).default(0.5),
  /** …and must itself be at least this (a candidate that merely loses less is not promoted). */
  minOosFitness: z.number().default(0.5),
  /** …and must beat the current version in at least this fraction of the out-of-sample windows. */
  minWindowsWon: z.number().min(0).max(1).default(1),
  /**
   * …and its out-of-sample Sharpe must be statistically distinguishable from luck: mean Sharpe ×
   * √(out-of-sample years) (≈ a t-statistic) at least this. A Sharpe of 2 over 4 months of noise is
   * only ~1.2 standard errors; that is what lets pure noise through a plain margin.
   */
  minSignificance: z.number().min(0).default(2),
});
export type PromotionRule = z.infer<typeof promotionRuleSchema>;
export const DEFAULT_PROMOTION_RULE: PromotionRule = promotionRuleSchema.parse({});

export interface WindowScore {
  fitness: number;
  sharpe: number;
}

export interface PromotionDecision {
  promote: boolean;
  significance: number;
  reason: string;
  candidateMean: number;
  currentMean: number;
  windowsWon: number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const f3 = (x: number) => x.toFixed(3);

/**
 * Out-of-sample scores per window of the candidate and of the current version (same windows, same
 * order), and the total out-of-sample length in years.
 */
export function decidePromotion(
  candidateScores: readonly WindowScore[],
  currentScores: readonly WindowScore[],
  oosYears: number,
  rule: PromotionRule = DEFAULT_PROMOTION_RULE,
): PromotionDecision {
  const candidate = candidateScores.map((s) => s.fitness);
  const current = currentScores.map((s) => s.fitness);
  if (candidate.length === 0 || candidate.length !== current.length) {
    throw new RangeError(
      `promotion needs the same non-zero number of out-of-sample windows for both (got ${candidate.length} and ${current.length})`,
    );
  }
  const candidateMean = mean(candidate);
  const currentMean = mean(current);
  const windowsWon = candidate.filter((c, i) => c > current[i]).length;
  const significance = mean(candidateScores.map((s) => s.sharpe)) * Math.sqrt(Math.max(0, oosYears));
  const base = { candidateMean, currentMean, windowsWon, significance };
  const need = Math.ceil(rule.minWindowsWon * candidate.length);
  if (candidateMean < currentMean + rule.margin) {
    return {
      ...base,
      promote: false,
      reason: `out-of-sample fitness ${f3(candidateMean)} does not beat the current version's ${f3(currentMean)} by the margin ${rule.margin}`,
    };
  }
  if (candidateMean < rule.minOosFitness) {
    return {
      ...base,
      promote: false,
      reason: `out-of-sample fitness ${f3(candidateMean)} is below the minimum ${rule.minOosFitness}`,
    };
  }
  if (windowsWon < need) {
    return {
      ...base,
      promote: false,
      reason: `beats the current version in only ${windowsWon} of ${candidate.length} out-of-sample windows (needs ${need})`,
    };
  }
  if (!(significance >= rule.minSignificance)) {
    return {
      ...base,
      promote: false,
      reason: `out-of-sample Sharpe significance ${f3(significance)} (mean Sharpe × √years) is below ${rule.minSignificance}: indistinguishable from luck`,
    };
  }
  return {
    ...base,
    promote: true,
    reason: `out-of-sample fitness ${f3(candidateMean)} beats the current version's ${f3(currentMean)} by more than ${rule.margin} and wins ${windowsWon} of ${candidate.length} windows`,
  };
}
