import { formatNumber } from './format-number';
import { lockedUntil, protectionLock } from './protection-lock';
import { exitsWithin, triggerTimesNewestFirst } from './trade-window';
import type { MaxDrawdownConfig, ProtectionLock, ProtectionTrade } from './types';

/**
 * The deepest fall of the cumulative realised PnL of trades[start, end) below its running peak, in
 * quote currency. The curve starts at 0 (the lookback's start counts as a peak, so losses from the
 * first trade on count), and trades closing at the same instant are one step: the account is never
 * observable between them, so their order in the input cannot change the answer.
 */
export function realisedDrawdown(trades: readonly ProtectionTrade[], start: number, end: number): number {
  let cumulative = 0;
  let peak = 0;
  let drawdown = 0;
  for (let i = start; i < end;) {
    const t = trades[i].exitTime;
    while (i < end && trades[i].exitTime === t) cumulative += trades[i++].pnl;
    if (cumulative > peak) peak = cumulative;
    else if (peak - cumulative > drawdown) drawdown = peak - cumulative;
  }
  return drawdown;
}

/**
 * MaxDrawdown, evaluated at each exit T (newest first): the trades that closed in (T − lookback, T],
 * if there are at least tradeLimit of them, have a realised drawdown (realisedDrawdown) that, as a
 * percent of the equity at the lookback's start, is strictly above maxAllowedDrawdownPct → all pairs
 * are locked from T. The equity at the lookback's start is `equity` (realised, at `now`) minus the
 * PnL of every trade that closed in (T − lookback, now]; with no equity left there, any drawdown locks.
 */
export function maxDrawdownLocks(
  window: readonly ProtectionTrade[],
  cfg: MaxDrawdownConfig,
  now: number,
  timeframeMs: number,
  equity: number,
): ProtectionLock[] {
  const lookbackMs = cfg.lookbackCandles * timeframeMs;
  const durationMs = cfg.stopDurationCandles * timeframeMs;
  // pnlFrom[i]: the PnL realised by window[i..] (all of which closed at or before now).
  const pnlFrom = new Float64Array(window.length + 1);
  for (let i = window.length - 1; i >= 0; i--) pnlFrom[i] = pnlFrom[i + 1] + window[i].pnl;
  for (const from of triggerTimesNewestFirst(window, now - durationMs)) {
    const { start, end } = exitsWithin(window, from - lookbackMs, from);
    const count = end - start;
    if (count < cfg.tradeLimit) continue;
    const drawdown = realisedDrawdown(window, start, end);
    if (drawdown <= 0) continue;
    const startEquity = equity - pnlFrom[start];
    const pct = startEquity > 0 ? (drawdown / startEquity) * 100 : Infinity;
    if (!(pct > cfg.maxAllowedDrawdownPct)) continue;
    const until = from + durationMs;
    const reason =
      `MaxDrawdown: realised drawdown ${formatNumber(pct)}% (${formatNumber(drawdown)} of ` +
      `${formatNumber(startEquity)} equity at the lookback start) over ${count} trades within ` +
      `${cfg.lookbackCandles} candles (max ${formatNumber(cfg.maxAllowedDrawdownPct, 4)}%, ` +
      `at least ${cfg.tradeLimit} trades): ${lockedUntil(undefined, until)}`;
    return [protectionLock('MaxDrawdown', undefined, from, until, reason)];
  }
  return [];
}
