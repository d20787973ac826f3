/** A closed trade as recorded by live or paper trading. */
export interface RecordedTrade {
  /** Net pnl in quote currency. */
  pnl: number;
  /** Net return of the trade on its stake, in percent (null when not recorded: then pnl alone counts). */
  pnlPercent: number | null;
  closedAt: number;
}

export interface LivePerformance {
  trades: number;
  winRatePct: number;
  totalPnl: number;
  /** Per-trade returns' mean / std, annualised by the observed trade frequency. 0 with fewer than 2 trades. */
  sharpe: number;
  /** Peak-to-trough of the compounded per-trade returns, in percent. */
  maxDrawdownPct: number;
  from: number | null;
  to: number | null;
}

const YEAR_MS = 365 * 86_400_000;

export function livePerformance(trades: readonly RecordedTrade[]): LivePerformance {
  const sorted = [...trades].sort((a, b) => a.closedAt - b.closedAt);
  const n = sorted.length;
  if (n === 0) return { trades: 0, winRatePct: 0, totalPnl: 0, sharpe: 0, maxDrawdownPct: 0, from: null, to: null };
  let wins = 0;
  let totalPnl = 0;
  let equity = 1;
  let peak = 1;
  let maxDd = 0;
  const rets: number[] = [];
  for (const t of sorted) {
    if (t.pnl > 0) wins++;
    totalPnl += t.pnl;
    const r = t.pnlPercent !== null && Number.isFinite(t.pnlPercent) ? t.pnlPercent / 100 : null;
    if (r === null) continue;
    rets.push(r);
    equity *= 1 + r;
    if (equity > peak) peak = equity;
    else maxDd = Math.max(maxDd, (peak - equity) / peak);
  }
  let sharpe = 0;
  if (rets.length >= 2) {
    const m = rets.reduce((a, b) => a + b, 0) / rets.length;
    const v = rets.reduce((a, b) => a + (b - m) * (b - m), 0) / (rets.length - 1);
    const span = sorted[n - 1].closedAt - sorted[0].closedAt;
    // Trades per year as observed; a burst of trades within a moment is not annualised at all.
    const perYear = span > 0 ? ((rets.length - 1) / span) * YEAR_MS : 1;
    sharpe = v > 0 ? (m / Math.sqrt(v)) * Math.sqrt(Math.max(1, perYear)) : 0;
  }
  return {
    trades: n,
    winRatePct: (wins / n) * 100,
    totalPnl,
    sharpe,
    maxDrawdownPct: maxDd * 100,
    from: sorted[0].closedAt,
    to: sorted[n - 1].closedAt,
  };
}
