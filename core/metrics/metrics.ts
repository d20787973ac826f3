import { YEAR_MS, periodsPerYear } from '../candles/timeframe';

/** The closed-trade fields metrics need (the engine's Trade satisfies it). */
export interface TradeLike {
  entryTime: number;
  exitTime: number;
  entryIndex: number;
  exitIndex: number;
  pnl: number;
}

export interface BacktestMetrics {
  initialCapital: number;
  finalEquity: number;
  totalReturnPct: number;
  cagrPct: number;
  /** Annualised from per-candle returns (sample std), 24/7 calendar: √(candles per year). */
  sharpe: number;
  /** Annualised; downside deviation over all candles. Null when equity never fell. */
  sortino: number | null;
  /** Peak-to-trough of equity marked at every close, starting from the initial capital. */
  maxDrawdownPct: number;
  /** cagrPct / maxDrawdownPct; null without a drawdown. */
  calmar: number | null;
  winRatePct: number;
  /** Gross profit / gross loss; null without a losing trade. */
  profitFactor: number | null;
  /** Mean net pnl per trade. */
  expectancy: number;
  trades: number;
  exposurePct: number;
  feesPaid: number;
  fundingPaid: number;
  avgTradeDurationMs: number;
  avgTradeDurationCandles: number;
  candles: number;
  timeframeMs: number;
  startTime: number;
  endTime: number;
}

export interface MetricsInput {
  equity: Float64Array;
  time: Float64Array;
  trades: readonly TradeLike[];
  initialCapital: number;
  timeframeMs: number;
  feesPaid: number;
  fundingPaid: number;
  exposedCandles: number;
}

export function computeMetrics(m: MetricsInput): BacktestMetrics {
  const { equity, trades, initialCapital: cap, timeframeMs } = m;
  const n = equity.length;
  const finalEquity = n > 0 ? equity[n - 1] : cap;

  // One branch-light pass: the sign of a return is a coin flip the CPU cannot predict, so the
  // downside term uses r − |r| (= 2r when negative, 0 otherwise; squared and divided by 4 it is
  // exactly r²). New peaks and new worst drawdowns are rare, so those branches predict well.
  let prev = cap;
  let peak = cap;
  let maxDd = 0;
  let sum = 0;
  let sumSq = 0;
  let downSq4 = 0;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    const r = prev !== 0 ? e / prev - 1 : 0;
    sum += r;
    sumSq += r * r;
    const d = r - Math.abs(r);
    downSq4 += d * d;
    prev = e;
    if (e > peak) peak = e;
    else if (peak - e > maxDd * peak) maxDd = (peak - e) / peak;
  }
  const downSq = downSq4 / 4;
  const annual = Math.sqrt(periodsPerYear(timeframeMs));
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : 0;
  const std = variance > 0 ? Math.sqrt(variance) : 0;
  const downside = n > 0 ? Math.sqrt(downSq / n) : 0;

  const startTime = n > 0 ? m.time[0] : 0;
  const endTime = n > 0 ? m.time[n - 1] + timeframeMs : 0;
  const years = (endTime - startTime) / YEAR_MS;
  const growth = finalEquity / cap;
  const cagrPct = years > 0 ? (growth > 0 ? (Math.pow(growth, 1 / years) - 1) * 100 : -100) : 0;
  const maxDrawdownPct = maxDd * 100;

  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let pnlSum = 0;
  let durMs = 0;
  let durCandles = 0;
  for (const t of trades) {
    pnlSum += t.pnl;
    if (t.pnl > 0) {
      wins++;
      grossProfit += t.pnl;
    } else {
      grossLoss -= t.pnl;
    }
    durMs += t.exitTime - t.entryTime;
    durCandles += t.exitIndex - t.entryIndex;
  }
  const k = trades.length;
  return {
    initialCapital: cap,
    finalEquity,
    totalReturnPct: (growth - 1) * 100,
    cagrPct,
    sharpe: std > 0 ? (mean / std) * annual : 0,
    sortino: downside > 0 ? (mean / downside) * annual : null,
    maxDrawdownPct,
    calmar: maxDrawdownPct > 0 ? cagrPct / maxDrawdownPct : null,
    winRatePct: k > 0 ? (wins / k) * 100 : 0,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    expectancy: k > 0 ? pnlSum / k : 0,
    trades: k,
    exposurePct: n > 0 ? (m.exposedCandles / n) * 100 : 0,
    feesPaid: m.feesPaid,
    fundingPaid: m.fundingPaid,
    avgTradeDurationMs: k > 0 ? durMs / k : 0,
    avgTradeDurationCandles: k > 0 ? durCandles / k : 0,
    candles: n,
    timeframeMs,
    startTime,
    endTime,
  };
}
