// The backtest report's trade table prints prices as a person reads them: no float noise, no padding
// zeros, no exponent.
import { formatBacktestReport } from '../../../core/backtest/format-report';
import type { BacktestMetrics } from '../../../core/metrics/metrics';

const T0 = Date.UTC(2026, 0, 5);
const metrics: BacktestMetrics = {
  initialCapital: 10_000,
  finalEquity: 10_010,
  totalReturnPct: 0.1,
  cagrPct: 1,
  sharpe: 1,
  sortino: null,
  maxDrawdownPct: 0,
  calmar: null,
  winRatePct: 100,
  profitFactor: null,
  expectancy: 10,
  trades: 1,
  exposurePct: 50,
  feesPaid: 0,
  fundingPaid: 0,
  avgTradeDurationMs: 3_600_000,
  avgTradeDurationCandles: 60,
  candles: 120,
  timeframeMs: 60_000,
  startTime: T0,
  endTime: T0 + 120 * 60_000,
};

describe('backtest report', () => {
  test('trade prices print without float noise, padding zeros or exponent', () => {
    const text = formatBacktestReport('t', {
      metrics,
      trades: [
        {
          side: 'long',
          entryTime: T0,
          // 9000.900000000001 and 42000 as the engine hands them over
          entryPrice: 3000.3 * 3,
          exitTime: T0 + 3_600_000,
          exitPrice: 42_000,
          pnl: 10,
          exitReason: 'signal',
        },
      ],
    });
    const row = text.split('\n').at(-1)!;
    expect(row).toMatch(/^ {2}long +2026-01-05T00:00:00Z +9000\.9 +2026-01-05T01:00:00Z +42000 +10\.00 +signal$/);
  });

  test('a price of a hundred million or more keeps its digits (no exponent)', () => {
    const text = formatBacktestReport('t', {
      metrics,
      trades: [
        {
          side: 'short',
          entryTime: T0,
          entryPrice: 123_456_789.4,
          exitTime: T0 + 3_600_000,
          exitPrice: 0.000012345678901,
          pnl: 1,
          exitReason: 'stop',
        },
      ],
    });
    expect(text).toContain(' 123456789 ');
    expect(text).toContain(' 0.000012345679 ');
  });
});
