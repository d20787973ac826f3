import { cooldownPeriodLocks } from './cooldown-period';
import { lowProfitPairsLocks } from './low-profit-pairs';
import { maxDrawdownLocks } from './max-drawdown';
import { protectionHorizonCandles } from './horizon';
import { compareLocks } from './protection-lock';
import { stoplossGuardLocks } from './stoploss-guard';
import { assertSortedAround, exitsWithin } from './trade-window';
import type { ProtectionLock, ProtectionTrade, ProtectionsConfig } from './types';

/**
 * The protection locks in force at `now` (from ≤ now < until), derived from the closed trades alone.
 *
 * Every exit is a trigger point: a protection is judged at an exit time T over the trades that closed
 * in (T − lookback, T] (start exclusive, T inclusive), and if it fires, its lock runs over
 * [T, T + stopDuration). Of the locks one protection raised for one pair (or for all pairs), only the
 * one from the newest trigger is returned, since it outlasts the others; its id changes only when a
 * newer trigger extends it. Trades that closed after `now` are ignored.
 *
 * `trades` must be sorted by exitTime: only those that closed in
 * (now − protectionHorizonCandles × timeframeMs, now] are read, found by binary search, so a caller
 * may pass just those. `equity` is needed when maxDrawdown is configured: the account's realised
 * equity at `now`, without open positions' unrealised PnL, which would make the derived equity at a
 * lookback's start, and so the lock, move from one call to the next.
 *
 * Sorted by `from`, then protection (StoplossGuard, MaxDrawdown, CooldownPeriod, LowProfitPairs),
 * then symbol, an all-pairs lock first.
 */
export function activeLocks(
  trades: readonly ProtectionTrade[],
  config: ProtectionsConfig,
  now: number,
  timeframeMs: number,
  equity?: number,
): ProtectionLock[] {
  if (!Number.isFinite(now)) throw new Error(`activeLocks: now must be a finite UTC ms time, got ${now}`);
  if (!Number.isInteger(timeframeMs) || timeframeMs <= 0)
    throw new Error(`activeLocks: timeframeMs must be a positive integer, got ${timeframeMs}`);
  // Refusing beats judging without it: a configured protection that silently never fires is worse.
  if (config.maxDrawdown && (equity === undefined || !Number.isFinite(equity)))
    throw new Error(`activeLocks: maxDrawdown is configured, so the realised equity is needed, got ${equity}`);

  const horizon = protectionHorizonCandles(config);
  if (horizon === 0) return [];
  const { start, end } = exitsWithin(trades, now - horizon * timeframeMs, now);
  assertSortedAround(trades, start, end);
  const window = trades.slice(start, end);
  if (window.length === 0) return [];

  const locks: ProtectionLock[] = [];
  if (config.stoplossGuard) locks.push(...stoplossGuardLocks(window, config.stoplossGuard, now, timeframeMs));
  if (config.maxDrawdown)
    locks.push(...maxDrawdownLocks(window, config.maxDrawdown, now, timeframeMs, equity as number));
  if (config.cooldownPeriod) locks.push(...cooldownPeriodLocks(window, config.cooldownPeriod, now, timeframeMs));
  if (config.lowProfitPairs) locks.push(...lowProfitPairsLocks(window, config.lowProfitPairs, now, timeframeMs));
  return locks.sort(compareLocks);
}
