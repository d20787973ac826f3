// /daily [days] [session]: closed-trade PnL per UTC day, newest first (7 days by default), of
// every session or of one.
import { closedTradesSince } from '../../ledger/ledger-reads';
import { dailyPnl } from '../../ledger/profit-summary';
import type { BotCommand } from '../bot-command';
import { wholeNumber } from '../command-args';
import { num, signed } from '../format-number';
import { pickSession } from '../pick-session';

export const dailyCommand: BotCommand = {
  name: 'daily',
  usage: '/daily [days] [session]',
  description: 'PnL per day of closed trades (7 days unless told)',
  async run({ args }, deps) {
    const days = wholeNumber(args[0], 'days', 1, 60) ?? 7;
    const sessionId = args[1] ? (await pickSession(deps, args[1], 'daily')).id : undefined;
    const now = deps.now?.() ?? Date.now();
    const since = new Date(Math.floor(now / 86_400_000) * 86_400_000 - (days - 1) * 86_400_000);
    const trades = await closedTradesSince(deps.prisma, since, sessionId);
    const rows = dailyPnl(
      trades.map((t) => ({ pnl: num(t.pnl), closedAt: t.closedAt })),
      days,
      now,
    );
    return [
      `daily PnL, last ${days} day${days === 1 ? '' : 's'} (UTC)${sessionId ? ` of session ${sessionId}` : ''}:`,
      ...rows.map((d) => `${d.day}  ${signed(d.pnl)}  ${d.trades} trade${d.trades === 1 ? '' : 's'}`),
    ].join('\n');
  },
};
