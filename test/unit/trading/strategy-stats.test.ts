import { strategyStatsOf as strategyStats } from '../../../core/risk/strategy-stats';

describe('strategyStats', () => {
  it('gives win rate, payoff (mean win / mean loss) and count', () => {
    expect(strategyStats([30, 10, -10, -30, 0])).toEqual({ winRate: 0.4, payoffRatio: 1, tradeCount: 5 });
    expect(strategyStats([60, -10, -20])).toEqual({ winRate: 1 / 3, payoffRatio: 4, tradeCount: 3 });
  });

  it('gives nothing when a payoff ratio cannot be formed (no trades, no wins or no losses)', () => {
    expect(strategyStats([])).toBeUndefined();
    expect(strategyStats([5, 7])).toBeUndefined();
    expect(strategyStats([-5])).toBeUndefined();
  });
});
