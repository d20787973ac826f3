import type { ProtectionLock, ProtectionName } from './types';

export function lockId(protection: ProtectionName, symbol: string | undefined, from: number): string {
  return `${protection}:${symbol ?? '*'}:${from}`;
}

/** A lock from a trigger exit at `from`; `symbol` set means a pair lock, absent an all-pairs lock. */
export function protectionLock(
  protection: ProtectionName,
  symbol: string | undefined,
  from: number,
  until: number,
  reason: string,
): ProtectionLock {
  const base = { id: lockId(protection, symbol, from), protection, from, until, reason };
  return symbol === undefined ? { ...base, scope: 'all' } : { ...base, scope: 'pair', symbol };
}

/** How a lock names what it blocks and for how long, the tail every reason ends with. */
export function lockedUntil(symbol: string | undefined, until: number): string {
  return `${symbol ?? 'all pairs'} locked until ${new Date(until).toISOString()}`;
}

const ORDER: readonly ProtectionName[] = ['StoplossGuard', 'MaxDrawdown', 'CooldownPeriod', 'LowProfitPairs'];

/** Oldest first, then a fixed protection order, all-pairs before pairs, pairs by code unit (no locale). */
export function compareLocks(a: ProtectionLock, b: ProtectionLock): number {
  if (a.from !== b.from) return a.from - b.from;
  if (a.protection !== b.protection) return ORDER.indexOf(a.protection) - ORDER.indexOf(b.protection);
  const sa = a.symbol ?? '';
  const sb = b.symbol ?? '';
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
