// /profit [days|all] [session]: what the closed trades made, over the last `days` days or since
// the first, of every session or of one.
import { closedTradesSince } from '../../ledger/ledger-reads';
import { profitSummary } from '../../ledger/profit-summary';
import type { BotCommand } from '../bot-command';
import { wholeNumber } from '../command-args';
import { money, num, signed } from '../format-number';
import { pickSession } from '../pick-session';

export const profitCommand: BotCommand = {
  name: 'profit',
  usage: '/profit [days|all] [session]',
  description: 'PnL, wins and losses of closed trades (all, or the last days)',
  async run({ args }, deps) {
    // `all` keeps every day while naming a session after it.
    const days = args[0] === 'all' ? undefined : wholeNumber(args[0], 'days', 1, 3650);
    const sessionId = args[1] ? (await pickSession(deps, args[1], 'profit')).id : undefined;
    const now = deps.now?.() ?? Date.now();
    const since = days === undefined ? undefined : new Date(now - days * 86_400_000);
    const trades = await closedTradesSince(deps.prisma, since, sessionId);
    const s = profitSummary(trades.map((t) => ({ pnl: num(t.pnl), closedAt: t.closedAt })));
    const span = `${days === undefined ? 'all closed trades' : `the last ${days} day${days === 1 ? '' : 's'}`}${sessionId ? ` of session ${sessionId}` : ''}`;
    if (!s.trades) return `profit over ${span}: no closed trade`;
    return [
      `profit over ${span}: ${signed(s.pnl)} from ${s.trades} closed trade${s.trades === 1 ? '' : 's'}`,
      `  ${s.wins} won, ${s.losses} lost, win rate ${s.winRatePct!.toFixed(1)}%`,
      `  best ${money(s.best)}, worst ${money(s.worst)}`,
    ].join('\n');
  },
};
