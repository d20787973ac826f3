// A session's status in a few lines for a phone: the live query when a worker answered, else what
// its row says.
import type { SessionStatus } from '../../../workflows/trading-contract';
import type { SessionRow } from '../sessions/session-reads';
import { money, signed } from './format-number';

export function sessionStatusText(row: SessionRow, live: SessionStatus | null): string[] {
  const what = `${row.mode} ${row.exchange} ${row.symbols.join(',')} ${row.timeframe} ${row.strategyName}`;
  if (!live) return [`session ${row.id}: ${row.status} (no live status: no worker answered)`, `  ${what}`];
  const st = live.state;
  return [
    `session ${row.id}: ${st.status}${st.pauseReason ? ` (${st.pauseReason})` : ''}${st.killSwitchTripped ? ', kill switch tripped' : ''}`,
    `  ${what}`,
    `  cycles ${st.cyclesRun}, equity ${money(live.equity)}, PnL today ${signed(live.pnlToday)}`,
    ...(live.positions.length
      ? live.positions.map(
          (p) => `  ${p.symbol} ${p.side} ${p.quantity} @ ${p.entryPrice} (uPnL ${signed(p.unrealizedPnl)})`,
        )
      : ['  no open position']),
    st.lastDecision
      ? `  last decision: ${st.lastDecision.symbol} ${st.lastDecision.action} ${st.lastDecision.verdict}`
      : '  no decision yet',
  ];
}
