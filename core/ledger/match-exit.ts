// Matching an exit fill to the open trades it ends. An exit that covers only part of a trade splits
// it: the part it covers becomes a closed trade (its pnl and its share of the entry fee), the rest
// stays open on the original row with the quantity and entry fee reduced, so the open trades always
// sum to what is still held.

export interface LedgerTrade {
  id: string;
  side: string;
  quantity: number;
  entryPrice: number;
  /** Entry fee of the quantity still open. */
  fee: number;
}

export interface LedgerExit {
  filled: number;
  average?: number;
  fee: number;
}

export interface ClosedPart {
  tradeId: string;
  /** True when the exit ends the whole trade; false when the trade splits. */
  whole: boolean;
  quantity: number;
  exitPrice: number;
  pnl: number;
  pnlPercent: number | null;
  /** The closed part's share of the entry fee plus its share of the exit fee. */
  fee: number;
  /** The share of the entry fee that leaves the open trade with the closed part. */
  entryFee: number;
}

export interface MatchResult {
  closed: ClosedPart[];
  remaining: LedgerTrade[];
}

// Quantities come from venue amounts with at most a few decimals; a difference below this is float
// noise from the subtraction, not a position.
const DUST = 1e-12;

/**
 * `open` oldest first; `first`, when given, is the trade the exit was placed for (a stop-loss or
 * take-profit of its entry) and is matched before the others.
 */
export function matchExit(open: LedgerTrade[], exit: LedgerExit, first?: string): MatchResult {
  const ordered = first ? [...open.filter((t) => t.id === first), ...open.filter((t) => t.id !== first)] : open;
  const exitPrice = exit.average ?? 0;
  const closed: ClosedPart[] = [];
  const reduced = new Map<string, LedgerTrade | null>();
  let left = exit.filled;
  for (const t of ordered) {
    if (left <= DUST) break;
    const whole = t.quantity - left <= DUST;
    const quantity = whole ? t.quantity : left;
    const share = quantity / t.quantity;
    const entryFee = whole ? t.fee : t.fee * share;
    const fee = entryFee + exit.fee * (quantity / exit.filled);
    const sign = t.side === 'long' ? 1 : -1;
    const pnl = sign * (exitPrice - t.entryPrice) * quantity - fee;
    const pnlPercent = t.entryPrice > 0 ? (pnl / (t.entryPrice * quantity)) * 100 : null;
    closed.push({ tradeId: t.id, whole, quantity, exitPrice, pnl, pnlPercent, fee, entryFee });
    reduced.set(t.id, whole ? null : { ...t, quantity: t.quantity - quantity, fee: t.fee - entryFee });
    left -= quantity;
  }
  const remaining: LedgerTrade[] = [];
  for (const t of open) {
    const r = reduced.get(t.id);
    if (r === undefined) remaining.push(t);
    else if (r) remaining.push(r);
  }
  return { closed, remaining };
}
