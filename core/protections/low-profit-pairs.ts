import { formatNumber } from './format-number';
import { lockedUntil, protectionLock } from './protection-lock';
import { bySymbol, exitsWithin, triggerTimesNewestFirst } from './trade-window';
import type { LowProfitPairsConfig, ProtectionLock, ProtectionTrade } from './types';

/**
 * A pair with at least tradeLimit trades in the lookback whose summed profit ratio is strictly below
 * requiredProfitPct / 100 is locked from its latest exit. Ratios are summed, not compounded: each
 * trade's stake is its own, so a product of (1 + r) would describe no real account.
 */
export function lowProfitPairsLocks(
  window: readonly ProtectionTrade[],
  cfg: LowProfitPairsConfig,
  now: number,
  timeframeMs: number,
): ProtectionLock[] {
  const lookbackMs = cfg.lookbackCandles * timeframeMs;
  const durationMs = cfg.stopDurationCandles * timeframeMs;
  const required = cfg.requiredProfitPct / 100;
  const locks: ProtectionLock[] = [];
  for (const [symbol, list] of bySymbol(window)) {
    for (const from of triggerTimesNewestFirst(list, now - durationMs)) {
      const { start, end } = exitsWithin(list, from - lookbackMs, from);
      const count = end - start;
      if (count < cfg.tradeLimit) continue;
      // Summed in exit order from the lookback's start, so a trigger's verdict never depends on `now`.
      let sum = 0;
      for (let i = start; i < end; i++) sum += list[i].profitRatio;
      if (!(sum < required)) continue;
      const until = from + durationMs;
      const reason =
        `LowProfitPairs: ${symbol} made ${formatNumber(sum * 100, 4)}% over ${count} trades within ` +
        `${cfg.lookbackCandles} candles (required ${formatNumber(cfg.requiredProfitPct, 4)}%, ` +
        `at least ${cfg.tradeLimit} trades): ${lockedUntil(symbol, until)}`;
      locks.push(protectionLock('LowProfitPairs', symbol, from, until, reason));
      break;
    }
  }
  return locks;
}
