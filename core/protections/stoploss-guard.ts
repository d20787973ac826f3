import { lockedUntil, protectionLock } from './protection-lock';
import { bySymbol, exitsWithin, triggerTimesNewestFirst } from './trade-window';
import type { ExitReason, ProtectionLock, ProtectionTrade, StoplossGuardConfig } from './types';

const STOP_EXITS: ReadonlySet<ExitReason> = new Set<ExitReason>(['stop_loss', 'trailing_stop', 'liquidation']);

/**
 * A stop that lost money. A trailing stop that closed in profit did its job and says nothing about a
 * hostile market; a liquidation is the stop of last resort and says the most.
 */
export function isLosingStop(t: ProtectionTrade): boolean {
  return STOP_EXITS.has(t.exitReason) && t.profitRatio < 0;
}

/**
 * The StoplossGuard lock in force at `now` (one per pair with onlyPerPair, else at most one for all
 * pairs). Only losing stops are trigger points: a lock measured from a later, harmless exit would
 * outlast the stops that caused it.
 */
export function stoplossGuardLocks(
  window: readonly ProtectionTrade[],
  cfg: StoplossGuardConfig,
  now: number,
  timeframeMs: number,
): ProtectionLock[] {
  const lookbackMs = cfg.lookbackCandles * timeframeMs;
  const durationMs = cfg.stopDurationCandles * timeframeMs;
  const stops = window.filter(isLosingStop);
  const groups: [string | undefined, ProtectionTrade[]][] = cfg.onlyPerPair
    ? [...bySymbol(stops)]
    : [[undefined, stops]];
  const locks: ProtectionLock[] = [];
  for (const [symbol, list] of groups) {
    // Newest first: the newest trigger that fires gives the lock that lasts longest.
    for (const from of triggerTimesNewestFirst(list, now - durationMs)) {
      const { start, end } = exitsWithin(list, from - lookbackMs, from);
      const count = end - start;
      if (count < cfg.tradeLimit) continue;
      const until = from + durationMs;
      const where = symbol === undefined ? '' : ` in ${symbol}`;
      const reason =
        `StoplossGuard: ${count} stop-losses${where} within ${cfg.lookbackCandles} candles ` +
        `(limit ${cfg.tradeLimit}): ${lockedUntil(symbol, until)}`;
      locks.push(protectionLock('StoplossGuard', symbol, from, until, reason));
      break;
    }
  }
  return locks;
}
