// The strategy's recorded track record for Kelly sizing, from its closed trades. Omitted (risk then
// sizes conservatively) when there are none or when win/loss sizes give no finite payoff ratio.
import type { StrategyStats } from './risk-types';

/** How many of the strategy's latest closed trades its record covers. */
export const RECORD_TRADES = 500;

/** Counts and sums over closed trades' realised PnL (lossSum is negative). */
export interface TradeRecord {
  count: number;
  wins: number;
  winSum: number;
  losses: number;
  lossSum: number;
}

export function strategyStatsFromRecord(r: TradeRecord): StrategyStats | undefined {
  if (r.count === 0 || r.wins === 0 || r.losses === 0) return undefined;
  const avgWin = r.winSum / r.wins;
  const avgLoss = -r.lossSum / r.losses;
  return { winRate: r.wins / r.count, payoffRatio: avgWin / avgLoss, tradeCount: r.count };
}

/** The record of the latest RECORD_TRADES of these realised PnLs (oldest first). */
export function strategyStatsOf(pnls: readonly number[]): StrategyStats | undefined {
  const r: TradeRecord = { count: 0, wins: 0, winSum: 0, losses: 0, lossSum: 0 };
  for (let k = Math.max(0, pnls.length - RECORD_TRADES); k < pnls.length; k++) {
    const p = pnls[k];
    r.count++;
    if (p > 0) {
      r.wins++;
      r.winSum += p;
    } else if (p < 0) {
      r.losses++;
      r.lossSum += p;
    }
  }
  return strategyStatsFromRecord(r);
}
