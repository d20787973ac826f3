import { drawdownPct, equityFigures } from '../../../api/data/equity-drawdown';

describe('equity figures', () => {
  it('drawdown from the running peak, PnL today from the last point before the UTC day', () => {
    expect(drawdownPct([100, 120, 90, 130])).toEqual([0, 0, -25, 0]);
    const day = Date.UTC(2026, 10, 26);
    const f = equityFigures(
      [day - 7200_000, day - 3600_000, day + 60_000, day + 120_000],
      [100, 120, 90, 110],
      day + 3600_000,
    );
    expect(f).toEqual({ startEquity: 100, equity: 110, pnlTotal: 10, pnlToday: -10, maxDrawdownPct: -25 });
    expect(equityFigures([], [])).toMatchObject({ equity: null, pnlToday: 0 });
  });
});
