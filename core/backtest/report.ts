import type { CandleSeries } from '../candles/series';
import type { BacktestMetrics } from '../metrics/metrics';
import type { BacktestResult } from './run-backtest';
import type { ExitReason } from './trade';

/** The `--json` shape of a backtest: metrics, trades (UTC ms times), equity marked at every close. */
export interface BacktestReport {
  metrics: BacktestMetrics;
  trades: {
    entryTime: number;
    exitTime: number;
    entryPrice: number;
    exitPrice: number;
    quantity: number;
    pnl: number;
    fees: number;
    exitReason: ExitReason;
  }[];
  equity: { time: number; equity: number }[];
}

export function backtestReport(series: CandleSeries, r: BacktestResult): BacktestReport {
  const equity = new Array<{ time: number; equity: number }>(r.equity.length);
  for (let i = 0; i < r.equity.length; i++) equity[i] = { time: series.time[i], equity: r.equity[i] };
  return {
    metrics: r.metrics,
    trades: r.trades.map((t) => ({
      entryTime: t.entryTime,
      exitTime: t.exitTime,
      entryPrice: t.entryPrice,
      exitPrice: t.exitPrice,
      quantity: t.quantity,
      pnl: t.pnl,
      fees: t.fees,
      exitReason: t.exitReason,
    })),
    equity,
  };
}
