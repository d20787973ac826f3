import { computeMetrics } from '../../../core/metrics/metrics';

const DAY = 86_400_000;

describe('metrics on a hand-computed equity curve', () => {
  // initial 100 → 110 → 99 → 121 → 121 over four daily candles
  const equity = Float64Array.from([110, 99, 121, 121]);
  const time = Float64Array.from([0, DAY, 2 * DAY, 3 * DAY]);
  const trades = [
    { entryTime: 0, exitTime: DAY, entryIndex: 0, exitIndex: 1, pnl: 30 },
    { entryTime: DAY, exitTime: 3 * DAY, entryIndex: 1, exitIndex: 3, pnl: -10 },
  ];
  const m = computeMetrics({
    equity,
    time,
    trades,
    initialCapital: 100,
    timeframeMs: DAY,
    feesPaid: 2,
    fundingPaid: 0.5,
    exposedCandles: 3,
  });

  it('returns, drawdown and CAGR', () => {
    expect(m.finalEquity).toBe(121);
    expect(m.totalReturnPct).toBeCloseTo(21, 10);
    expect(m.maxDrawdownPct).toBeCloseTo(10, 10); // 110 → 99
    const years = (4 * DAY) / (365 * DAY);
    expect(m.cagrPct).toBeCloseTo((Math.pow(1.21, 1 / years) - 1) * 100, 6);
    expect(m.calmar).toBeCloseTo(m.cagrPct / 10, 8);
  });

  it('sharpe and sortino from per-candle returns, annualised by √(candles per year)', () => {
    const r = [0.1, -0.1, 121 / 99 - 1, 0];
    const mean = r.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    const down = Math.sqrt(0.01 / 4);
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365), 9);
    expect(m.sortino!).toBeCloseTo((mean / down) * Math.sqrt(365), 9);
  });

  it('trade statistics', () => {
    expect(m.trades).toBe(2);
    expect(m.winRatePct).toBe(50);
    expect(m.profitFactor).toBe(3);
    expect(m.expectancy).toBe(10);
    expect(m.exposurePct).toBe(75);
    expect(m.avgTradeDurationMs).toBe(1.5 * DAY);
    expect(m.avgTradeDurationCandles).toBe(1.5);
    expect(m.feesPaid).toBe(2);
  });

  it('undefined ratios are null, never Infinity (the report is JSON)', () => {
    const up = computeMetrics({
      equity: Float64Array.from([101, 102]),
      time: Float64Array.from([0, DAY]),
      trades: [{ entryTime: 0, exitTime: DAY, entryIndex: 0, exitIndex: 1, pnl: 2 }],
      initialCapital: 100,
      timeframeMs: DAY,
      feesPaid: 0,
      fundingPaid: 0,
      exposedCandles: 2,
    });
    expect(up.profitFactor).toBeNull();
    expect(up.sortino).toBeNull();
    expect(up.calmar).toBeNull();
    expect(JSON.parse(JSON.stringify(up))).toEqual(up);
  });

  it('annualisation follows the timeframe: hourly candles scale by √(24·365)', () => {
    const eq = Float64Array.from([101, 100, 102]);
    const d = computeMetrics({
      equity: eq,
      time: Float64Array.from([0, 1, 2]),
      trades: [],
      initialCapital: 100,
      timeframeMs: DAY,
      feesPaid: 0,
      fundingPaid: 0,
      exposedCandles: 0,
    });
    const h = computeMetrics({
      equity: eq,
      time: Float64Array.from([0, 1, 2]),
      trades: [],
      initialCapital: 100,
      timeframeMs: 3_600_000,
      feesPaid: 0,
      fundingPaid: 0,
      exposedCandles: 0,
    });
    expect(h.sharpe / d.sharpe).toBeCloseTo(Math.sqrt(24), 10);
  });
});
