// What backtests and evolution runs tell the channels: a finished backtest with its headline
// metrics, and an evolution run that promoted a new strategy version. One per run id.
import type { Notification } from './notification';
import { fmtNum } from './format';
import { notificationKey } from './notification-key';

export function backtestFinished(r: {
  runId: string;
  symbol: string;
  candles: number;
  trades: number;
  finalEquity: number;
  totalReturnPct: number;
  maxDrawdownPct: number;
  winRatePct: number;
  sharpe: number;
  at: number;
}): Notification {
  return {
    key: notificationKey('backtest_finished', r.runId),
    event: 'backtest_finished',
    at: r.at,
    title: `Backtest ${r.symbol} done: ${r.totalReturnPct >= 0 ? '+' : ''}${r.totalReturnPct.toFixed(2)}%, ${r.trades} trades`,
    text: [
      `run ${r.runId} · ${r.candles} candles`,
      `final equity ${fmtNum(r.finalEquity)} · max drawdown ${r.maxDrawdownPct.toFixed(2)}% · win rate ${r.winRatePct.toFixed(1)}% · Sharpe ${r.sharpe.toFixed(2)}`,
    ].join('\n'),
    fields: {
      runId: r.runId,
      symbol: r.symbol,
      candles: r.candles,
      trades: r.trades,
      finalEquity: r.finalEquity,
      totalReturnPct: r.totalReturnPct,
      maxDrawdownPct: r.maxDrawdownPct,
      winRatePct: r.winRatePct,
      sharpe: r.sharpe,
    },
  };
}

export function evolutionPromoted(r: {
  runId: string;
  strategy: string;
  version: number;
  oosFitness: number;
  parentOosFitness: number;
  reason: string;
  activated: boolean;
  at: number;
}): Notification {
  return {
    key: notificationKey('evolution_promoted', r.runId),
    event: 'evolution_promoted',
    at: r.at,
    title: `Evolution promoted ${r.strategy} v${r.version}${r.activated ? ' (active)' : ''}`,
    text: [
      `out-of-sample fitness ${fmtNum(r.oosFitness)} vs ${fmtNum(r.parentOosFitness)} before`,
      r.reason,
      `run ${r.runId}`,
    ].join('\n'),
    fields: {
      runId: r.runId,
      strategy: r.strategy,
      version: r.version,
      oosFitness: r.oosFitness,
      parentOosFitness: r.parentOosFitness,
      activated: r.activated,
    },
  };
}
