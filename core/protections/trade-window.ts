import type { ProtectionTrade } from './types';

/**
 * The first index in [lo, hi) whose trade exited strictly after `t`, or `hi`: the trades must be
 * sorted by exitTime, which is what makes a per-candle call cost a logarithm instead of a scan.
 */
export function firstExitAfter(trades: readonly ProtectionTrade[], t: number, lo = 0, hi = trades.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (trades[mid].exitTime > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index range [start, end) of the trades that exited in (after, until]. */
export function exitsWithin(
  trades: readonly ProtectionTrade[],
  after: number,
  until: number,
): { start: number; end: number } {
  const end = firstExitAfter(trades, until);
  return { start: firstExitAfter(trades, after, 0, end), end };
}

/**
 * Checks the order only where it is read (the window and its two neighbours), so the guard stays
 * as cheap as the lookup it protects; a history unsorted elsewhere is still the caller's bug.
 */
export function assertSortedAround(trades: readonly ProtectionTrade[], start: number, end: number): void {
  const from = Math.max(1, start);
  const to = Math.min(trades.length - 1, end);
  for (let i = from; i <= to; i++) {
    if (!(trades[i - 1].exitTime <= trades[i].exitTime)) {
      throw new Error(
        `protections: trades must be sorted by exitTime (index ${i - 1} exits at ${trades[i - 1].exitTime}, index ${i} at ${trades[i].exitTime})`,
      );
    }
  }
}

/** Trades grouped by symbol, each group keeping the input (exit) order. */
export function bySymbol(trades: readonly ProtectionTrade[]): Map<string, ProtectionTrade[]> {
  const groups = new Map<string, ProtectionTrade[]>();
  for (const t of trades) {
    const g = groups.get(t.symbol);
    if (g) g.push(t);
    else groups.set(t.symbol, [t]);
  }
  return groups;
}

/** Distinct exit times in (after, ∞) of sorted trades, newest first: the trigger points to try. */
export function triggerTimesNewestFirst(trades: readonly ProtectionTrade[], after: number): number[] {
  const times: number[] = [];
  for (let i = trades.length - 1; i >= 0 && trades[i].exitTime > after; i--) {
    const t = trades[i].exitTime;
    if (times.length === 0 || times[times.length - 1] !== t) times.push(t);
  }
  return times;
}
