import { lockedUntil, protectionLock } from './protection-lock';
import { bySymbol } from './trade-window';
import type { CooldownPeriodConfig, ProtectionLock, ProtectionTrade } from './types';

/** A pair whose last trade closed less than stopDurationCandles ago is locked from that exit. */
export function cooldownPeriodLocks(
  window: readonly ProtectionTrade[],
  cfg: CooldownPeriodConfig,
  now: number,
  timeframeMs: number,
): ProtectionLock[] {
  const durationMs = cfg.stopDurationCandles * timeframeMs;
  const locks: ProtectionLock[] = [];
  for (const [symbol, list] of bySymbol(window)) {
    const from = list[list.length - 1].exitTime;
    const until = from + durationMs;
    if (until <= now) continue;
    const reason =
      `CooldownPeriod: a ${symbol} trade closed at ${new Date(from).toISOString()}, ` +
      `cooldown ${cfg.stopDurationCandles} candles: ${lockedUntil(symbol, until)}`;
    locks.push(protectionLock('CooldownPeriod', symbol, from, until, reason));
  }
  return locks;
}
