import { percentileRank } from '../../../core/agents/percentile-rank';

describe('percentileRank', () => {
  it('counts finite values at or below the value within the range', () => {
    expect(percentileRank([NaN, 1, 2, 3, 4], 3, 0, 5)).toBe(0.75);
    expect(percentileRank([9, 1, 2, 3, 4], 3, 1, 5)).toBe(0.75);
    expect(percentileRank([1, 2], 0, -5, 2)).toBe(0);
    expect(Number.isNaN(percentileRank([NaN], 1, 0, 1))).toBe(true);
  });
});
