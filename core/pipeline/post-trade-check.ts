// After an entry fills: did the venue give us what risk approved? More than approved (beyond the
// venue's rounding) or a fill too far from the expected price is a veto, and the cycle undoes the trade.
export interface ExecutionLimits {
  /** The entry's average fill may differ from the expected price by at most this many basis points. */
  maxSlippageBps: number;
  /** The fill may exceed the approved quantity by at most this percent (rounding to the venue's step). */
  maxOverfillPct: number;
}

export const DEFAULT_EXECUTION_LIMITS: ExecutionLimits = { maxSlippageBps: 100, maxOverfillPct: 1 };

export interface FillReport {
  side: 'buy' | 'sell';
  approvedQuantity: number;
  filled: number;
  average?: number;
  expectedPrice: number;
}

export function postTradeCheck(
  f: FillReport,
  limits: ExecutionLimits,
): { ok: boolean; reasons: string[]; slippageBps: number | null } {
  const reasons: string[] = [];
  const maxFill = f.approvedQuantity * (1 + limits.maxOverfillPct / 100);
  if (f.filled > maxFill + 1e-12)
    reasons.push(
      `filled ${f.filled} is more than the approved ${f.approvedQuantity} (+${limits.maxOverfillPct}% allowed)`,
    );
  let slippageBps: number | null = null;
  if (f.average !== undefined && f.expectedPrice > 0) {
    // Only slippage against us counts: a better price is no reason to undo a trade.
    const adverse = f.side === 'buy' ? f.average - f.expectedPrice : f.expectedPrice - f.average;
    slippageBps = Math.round((adverse / f.expectedPrice) * 1e4 * 100) / 100;
    if (slippageBps > limits.maxSlippageBps)
      reasons.push(
        `slippage ${slippageBps} bps (fill ${f.average} vs expected ${f.expectedPrice}) is over the ${limits.maxSlippageBps} bps limit`,
      );
  } else if (f.filled > 0) {
    reasons.push('the venue reported no average fill price: slippage cannot be checked');
  }
  return { ok: reasons.length === 0, reasons, slippageBps };
}
