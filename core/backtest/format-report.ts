import { humanNumber } from '../format/human-number';
import type { BacktestResult } from './run-backtest';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const num = (v: number | null, digits = 2) => (v === null ? 'n/a' : v.toFixed(digits));

function duration(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48 ? `${(h / 24).toFixed(1)} d` : h >= 1 ? `${h.toFixed(1)} h` : `${(ms / 60_000).toFixed(0)} min`;
}

/** The trade fields the report prints (the engine's trades and the pipeline backtest's both have them). */
export interface ReportTrade {
  side: 'long' | 'short';
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  pnl: number;
  exitReason: string;
}

/** A human-readable summary for the terminal. */
export function formatBacktestReport(
  title: string,
  r: Pick<BacktestResult, 'metrics'> & { trades: readonly ReportTrade[] },
  lastTrades = 10,
): string {
  const m = r.metrics;
  const lines = [
    title,
    `period        ${iso(m.startTime)} → ${iso(m.endTime)} (${m.candles} candles)`,
    `equity        ${num(m.initialCapital)} → ${num(m.finalEquity)}  (${num(m.totalReturnPct)} %, CAGR ${num(m.cagrPct)} %)`,
    `risk          max drawdown ${num(m.maxDrawdownPct)} %   sharpe ${num(m.sharpe)}   sortino ${num(m.sortino)}   calmar ${num(m.calmar)}`,
    `trades        ${m.trades}   win rate ${num(m.winRatePct, 1)} %   profit factor ${num(m.profitFactor)}   expectancy ${num(m.expectancy)}`,
    `exposure      ${num(m.exposurePct, 1)} %   avg trade ${duration(m.avgTradeDurationMs)}   fees ${num(m.feesPaid)}   funding ${num(m.fundingPaid)}`,
  ];
  if (r.trades.length > 0) {
    lines.push('', `last ${Math.min(lastTrades, r.trades.length)} trades:`);
    lines.push(
      '  side   entry time            entry price    exit time             exit price     pnl           reason',
    );
    for (const t of r.trades.slice(-lastTrades)) {
      lines.push(
        `  ${t.side.padEnd(6)} ${iso(t.entryTime).padEnd(21)} ${humanNumber(t.entryPrice).padEnd(14)} ${iso(t.exitTime).padEnd(21)} ${humanNumber(t.exitPrice).padEnd(14)} ${t.pnl.toFixed(2).padEnd(13)} ${t.exitReason}`,
      );
    }
  }
  return lines.join('\n');
}
