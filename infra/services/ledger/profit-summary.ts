// What closed trades add up to, for the Telegram bot's /profit and /daily: pure, so the arithmetic
// is checked without a database.

export interface ClosedTradeFigures {
  pnl: number | null;
  closedAt: Date | null;
}

export interface ProfitSummary {
  trades: number;
  wins: number;
  losses: number;
  /** Percent of trades with a positive PnL; null without trades. */
  winRatePct: number | null;
  pnl: number;
  best: number | null;
  worst: number | null;
}

export function profitSummary(trades: readonly ClosedTradeFigures[]): ProfitSummary {
  const pnls = trades.map((t) => t.pnl ?? 0);
  const wins = pnls.filter((p) => p > 0).length;
  const losses = pnls.filter((p) => p < 0).length;
  return {
    trades: pnls.length,
    wins,
    losses,
    winRatePct: pnls.length ? (wins / pnls.length) * 100 : null,
    pnl: pnls.reduce((a, b) => a + b, 0),
    best: pnls.length ? Math.max(...pnls) : null,
    worst: pnls.length ? Math.min(...pnls) : null,
  };
}

export interface DayPnl {
  /** YYYY-MM-DD, UTC. */
  day: string;
  trades: number;
  pnl: number;
}

/** The last `days` UTC days up to `now`'s, newest first; days without a trade are listed with 0. */
export function dailyPnl(trades: readonly ClosedTradeFigures[], days: number, now = Date.now()): DayPnl[] {
  const DAY = 86_400_000;
  const today = Math.floor(now / DAY) * DAY;
  const out: DayPnl[] = [];
  for (let i = 0; i < days; i++) {
    const start = today - i * DAY;
    const inDay = trades.filter(
      (t) => t.closedAt && t.closedAt.getTime() >= start && t.closedAt.getTime() < start + DAY,
    );
    out.push({
      day: new Date(start).toISOString().slice(0, 10),
      trades: inDay.length,
      pnl: inDay.reduce((a, t) => a + (t.pnl ?? 0), 0),
    });
  }
  return out;
}
