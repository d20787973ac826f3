// The strategy's recorded track record for Kelly sizing, from its closed trades. Omitted (risk then
// sizes conservatively) when there are none or when win/loss sizes give no finite payoff ratio.
import type { StrategyStats } from './risk-types';

/** Realized PnL of closed trades, any order. */
export function strategyStatsOf(pnls: number[]): StrategyStats | undefined {
  const wins = pnls.filter((p) => p > 0);
  const losses = pnls.filter((p) => p < 0);
  if (pnls.length === 0 || wins.length === 0 || losses.length === 0) return undefined;
  const avgWin = wins.reduce((s, p) => s + p, 0) / wins.length;
  const avgLoss = -losses.reduce((s, p) => s + p, 0) / losses.length;
  return { winRate: wins.length / pnls.length, payoffRatio: avgWin / avgLoss, tradeCount: pnls.length };
}
