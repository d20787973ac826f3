import type { ProtectionLock } from './types';

/**
 * The lock that refuses a new entry in `symbol` at `now`: an all-pairs lock, or a pair lock for that
 * symbol, with from ≤ now < until. When several apply, the one lasting longest (ties: the first in
 * `locks`), since "blocked until" should name the real end.
 *
 * Exits are never blocked, and no caller should ask this about one: a lock exists to stop new risk,
 * and holding a position past its stop or its signal because a protection fired would add risk.
 */
export function entryBlockedBy(locks: readonly ProtectionLock[], symbol: string, now: number): ProtectionLock | null {
  let blocking: ProtectionLock | null = null;
  for (const lock of locks) {
    if (lock.from > now || now >= lock.until) continue;
    if (lock.scope === 'pair' && lock.symbol !== symbol) continue;
    if (blocking === null || lock.until > blocking.until) blocking = lock;
  }
  return blocking;
}
