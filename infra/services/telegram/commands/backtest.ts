// /backtest: the newest backtest run and, once it finished, its headline metrics.
import type { BotCommand } from '../bot-command';
import { isoMinute, money } from '../format-number';

export const backtestCommand: BotCommand = {
  name: 'backtest',
  usage: '/backtest',
  description: 'summary of the last backtest run',
  async run(_call, deps) {
    const [run] = await deps.repos.backtestRuns.listRuns(1);
    if (!run) return 'no backtest has run yet';
    const head = [
      `backtest ${run.id}: ${run.status}${run.status === 'running' ? ` ${Math.round(run.progress * 100)}%` : ''}`,
      `  ${run.strategy} on ${run.exchange} ${run.symbol} ${run.timeframe}, ${isoMinute(run.from)} → ${isoMinute(run.to)}`,
    ];
    const m = run.metrics;
    if (run.error) head.push(`  error: ${run.error.split('\n')[0].slice(0, 300)}`);
    if (!m) return head.join('\n');
    return [
      ...head,
      `  return ${m.totalReturnPct.toFixed(2)}% (${money(m.initialCapital)} → ${money(m.finalEquity)}), max drawdown ${m.maxDrawdownPct.toFixed(2)}%`,
      `  ${m.trades} trades, win rate ${m.winRatePct.toFixed(1)}%, profit factor ${m.profitFactor === null ? '-' : m.profitFactor.toFixed(2)}, Sharpe ${m.sharpe.toFixed(2)}`,
    ].join('\n');
  },
};
