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

/**
 * Running sums over per-candle equity returns r = e[i]/e[i−1] − 1 (e[−1] = initial capital) and
 * the deepest peak-to-trough fall. The engine accumulates exactly these in its loop (same order,
 * same arithmetic), so metrics need no second pass over a long equity curve.
 */
export interface ReturnStats {
  prev: number;
  sum: number;
  sumSq: number;
  /** Σ (r − |r|)², i.e. 4 Σ min(r, 0)² — branch-free, since a return's sign is unpredictable. */
  downSq4: number;
  peak: number;
  /** Fraction, not percent. */
  maxDd: number;
}

export function initialReturnStats(initialCapital: number): ReturnStats {
  return { prev: initialCapital, sum: 0, sumSq: 0, downSq4: 0, peak: initialCapital, maxDd: 0 };
}

/** The reference pass: what the engine's accumulation must reproduce bit for bit. */
export function equityReturnStats(equity: Float64Array, initialCapital: number): ReturnStats {
  const s = initialReturnStats(initialCapital);
  let { prev, sum, sumSq, downSq4, peak, maxDd } = s;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i];
    if (e === prev) continue; // r = 0 adds nothing
    const r = prev !== 0 ? e / prev - 1 : 0;
    sum += r;
    sumSq += r * r;
    const d = r - Math.abs(r);
    downSq4 += d * d;
    prev = e;
    if (e > peak) peak = e;
    else if (peak - e > maxDd * peak) maxDd = (peak - e) / peak;
  }
  return { prev, sum, sumSq, downSq4, peak, maxDd };
}

/** The sums metrics take over the closed trades (see tradeStats). */
export interface TradeStats {
  count: number;
  wins: number;
  grossProfit: number;
  grossLoss: number;
  pnlSum: number;
  durMs: number;
  durCandles: number;
}

/** The reference pass over trade objects; columnar stores (core/backtest TradeColumns) reproduce it bit for bit. */
export function tradeStats(trades: readonly TradeLike[]): TradeStats {
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
  return { count: trades.length, wins, grossProfit, grossLoss, pnlSum, durMs, durCandles };
}

export interface MetricsInput {
  equity: Float64Array;
  time: Float64Array;
  /** The closed trades, or their sums already taken (`tradeStats`); one of the two. */
  trades?: readonly TradeLike[];
  tradeStats?: TradeStats;
  initialCapital: number;
  timeframeMs: number;
  feesPaid: number;
  fundingPaid: number;
  exposedCandles: number;
  /** Precomputed by the engine; computed from `equity` when absent. */
  returnStats?: ReturnStats;
}

export function computeMetrics(m: MetricsInput): BacktestMetrics {
  const { equity, trades, initialCapital: cap, timeframeMs } = m;
  if (trades === undefined && m.tradeStats === undefined)
    throw new TypeError('computeMetrics needs the trades or their tradeStats');
  const n = equity.length;
  const finalEquity = n > 0 ? equity[n - 1] : cap;

  const stats = m.returnStats ?? equityReturnStats(equity, cap);
  const { sum, sumSq } = stats;
  const maxDd = stats.maxDd;
  const downSq = stats.downSq4 / 4;
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

  const ts = m.tradeStats ?? tradeStats(trades ?? []);
  const { wins, grossProfit, grossLoss, pnlSum, durMs, durCandles } = ts;
  const k = ts.count;
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
