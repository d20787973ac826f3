// Kelly fraction for a bet that wins `payoffRatio` per unit lost with probability `winRate`:
// f* = W - (1 - W) / R. Applied as a fraction of equity to allocate, scaled (half-Kelly by default).
import type { SizingConfig } from './risk-policy-config';
import type { StrategyStats } from './risk-types';

export type KellySizing =
  | { kind: 'kelly'; fullKelly: number; fraction: number; reason: string }
  | { kind: 'fallback'; fraction: number; reason: string }
  | { kind: 'no_edge'; fullKelly: number; reason: string };

export function fullKelly(winRate: number, payoffRatio: number): number {
  return winRate - (1 - winRate) / payoffRatio;
}

export function kellySizing(stats: StrategyStats | undefined, cfg: SizingConfig): KellySizing {
  if (!stats || stats.tradeCount < cfg.minTradesForKelly) {
    const have = stats ? `${stats.tradeCount} recorded trades` : 'no recorded trades';
    return {
      kind: 'fallback',
      fraction: cfg.fallbackFraction,
      reason: `${have} (< ${cfg.minTradesForKelly}): conservative ${(cfg.fallbackFraction * 100).toFixed(2)}% of equity`,
    };
  }
  const f = fullKelly(stats.winRate, stats.payoffRatio);
  const desc = `win rate ${(stats.winRate * 100).toFixed(1)}%, payoff ${stats.payoffRatio.toFixed(2)} over ${stats.tradeCount} trades: Kelly ${(f * 100).toFixed(2)}%`;
  if (!(f > 0)) return { kind: 'no_edge', fullKelly: f, reason: `${desc}, no edge` };
  const fraction = Math.min(1, f * cfg.kellyMultiplier);
  return {
    kind: 'kelly',
    fullKelly: f,
    fraction,
    reason: `${desc} × ${cfg.kellyMultiplier} = ${(fraction * 100).toFixed(2)}% of equity`,
  };
}
