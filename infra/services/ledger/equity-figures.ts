// Drawdown and PnL figures over an equity series (oldest first), for the equity route, the
// dashboard's drawdown chart and the Telegram bot's /balance.

/** Per point: percent below the running peak (0 at a new peak, negative below it). */
export function drawdownPct(equity: readonly number[]): number[] {
  let peak = -Infinity;
  return equity.map((e) => {
    if (e > peak) peak = e;
    return peak > 0 ? ((e - peak) / peak) * 100 : 0;
  });
}

export interface EquityFigures {
  startEquity: number | null;
  equity: number | null;
  pnlTotal: number;
  pnlToday: number;
  maxDrawdownPct: number;
}

/** `times` in ms; PnL today is measured from the last point before the current UTC day (or its first point). */
export function equityFigures(times: readonly number[], equity: readonly number[], now = Date.now()): EquityFigures {
  const n = equity.length;
  if (n === 0) return { startEquity: null, equity: null, pnlTotal: 0, pnlToday: 0, maxDrawdownPct: 0 };
  const dayStart = Math.floor(now / 86_400_000) * 86_400_000;
  let base = 0;
  for (let i = 0; i < n && times[i] < dayStart; i++) base = i;
  const dd = drawdownPct(equity);
  return {
    startEquity: equity[0],
    equity: equity[n - 1],
    pnlTotal: equity[n - 1] - equity[0],
    pnlToday: equity[n - 1] - equity[base],
    maxDrawdownPct: Math.min(0, ...dd),
  };
}
