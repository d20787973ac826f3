// The daily summary of one session: the UTC day's closed trades (count, win rate, PnL, best and
// worst), its equity at the day's start and end, and the day's equity curve as an attached chart.
// One per session and day: its key holds both.
import type { Notification } from './notification';
import { fmtMoney, fmtNum } from './format';
import { notificationKey } from './notification-key';

export interface DaySessionFigures {
  sessionId: string;
  mode: string;
  exchange: string;
  symbols: string[];
  dayStartMs: number;
  trades: number;
  wins: number;
  losses: number;
  pnl: number;
  best: number | null;
  worst: number | null;
  startEquity: number | null;
  endEquity: number | null;
}

const DAY_MS = 86_400_000;

export function dailySummaryNotification(f: DaySessionFigures): Notification {
  const day = new Date(f.dayStartMs).toISOString().slice(0, 10);
  const winRate = f.trades ? (f.wins / f.trades) * 100 : null;
  const change =
    f.startEquity !== null && f.endEquity !== null && f.startEquity > 0
      ? ((f.endEquity - f.startEquity) / f.startEquity) * 100
      : null;
  return {
    key: notificationKey('daily_summary', f.sessionId, day),
    event: 'daily_summary',
    at: f.dayStartMs + DAY_MS,
    title: `Daily summary ${day} · ${f.sessionId}: PnL ${fmtMoney(f.pnl)}, ${f.trades} trade${f.trades === 1 ? '' : 's'}`,
    text: [
      `${f.mode} on ${f.exchange} · ${f.symbols.join(', ')}`,
      `trades ${f.trades} (${f.wins} won, ${f.losses} lost)${winRate !== null ? ` · win rate ${winRate.toFixed(1)}%` : ''}`,
      f.best !== null ? `best ${fmtMoney(f.best)} · worst ${fmtMoney(f.worst ?? 0)}` : 'no trade closed',
      `equity ${fmtNum(f.startEquity)} → ${fmtNum(f.endEquity)}${change !== null ? ` (${change >= 0 ? '+' : ''}${change.toFixed(2)}%)` : ''}`,
    ].join('\n'),
    fields: {
      day,
      sessionId: f.sessionId,
      mode: f.mode,
      exchange: f.exchange,
      trades: f.trades,
      wins: f.wins,
      losses: f.losses,
      winRatePct: winRate,
      pnl: f.pnl,
      startEquity: f.startEquity,
      endEquity: f.endEquity,
    },
    sessionId: f.sessionId,
    chart: { sessionId: f.sessionId, fromMs: f.dayStartMs, toMs: f.dayStartMs + DAY_MS },
  };
}
