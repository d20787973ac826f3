// /daily [days]: closed-trade PnL per UTC day, newest first (7 days by default).
import { closedTradesSince } from '../../ledger/ledger-reads';
import { dailyPnl } from '../../ledger/profit-summary';
import type { BotCommand } from '../bot-command';
import { wholeNumber } from '../command-args';
import { num, signed } from '../format-number';

export const dailyCommand: BotCommand = {
  name: 'daily',
  usage: '/daily [days]',
  description: 'PnL per day of closed trades (7 days unless told)',
  async run({ args }, deps) {
    const days = wholeNumber(args[0], 'days', 1, 60) ?? 7;
    const now = deps.now?.() ?? Date.now();
    const since = new Date(Math.floor(now / 86_400_000) * 86_400_000 - (days - 1) * 86_400_000);
    const trades = await closedTradesSince(deps.prisma, since);
    const rows = dailyPnl(
      trades.map((t) => ({ pnl: num(t.pnl), closedAt: t.closedAt })),
      days,
      now,
    );
    return [
      `daily PnL, last ${days} day${days === 1 ? '' : 's'} (UTC):`,
      ...rows.map((d) => `${d.day}  ${signed(d.pnl)}  ${d.trades} trade${d.trades === 1 ? '' : 's'}`),
    ].join('\n');
  },
};
