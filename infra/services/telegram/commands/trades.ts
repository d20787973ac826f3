// /trades [n] [session]: the newest n trades (10 unless told), of every session or of one, as GET
// /trades serves them.
import { listTrades } from '../../ledger/ledger-reads';
import type { BotCommand } from '../bot-command';
import { fitMessage } from '../bot-reply';
import { wholeNumber } from '../command-args';
import { isoMinute, num, signed } from '../format-number';
import { pickSession } from '../pick-session';

export const tradesCommand: BotCommand = {
  name: 'trades',
  usage: '/trades [n] [session]',
  description: 'the newest trades (10 unless told, at most 50)',
  async run({ args }, deps) {
    const n = wholeNumber(args[0], 'n', 1, 50) ?? 10;
    const sessionId = args[1] ? (await pickSession(deps, args[1], 'trades')).id : undefined;
    const rows = await listTrades(deps.prisma, { sessionId }, { take: n });
    if (!rows.length) return 'no trade yet';
    return fitMessage([
      `${rows.length} newest trade${rows.length === 1 ? '' : 's'}:`,
      ...rows.map((t) => {
        const pnl = num(t.pnl);
        const exit = t.exitPrice ? ` → ${t.exitPrice.toString()}` : '';
        return `${isoMinute(t.openedAt)} ${t.symbol} ${t.side} ${t.status} ${t.quantity.toString()} @ ${t.entryPrice.toString()}${exit}${pnl === null ? '' : ` PnL ${signed(pnl)}`} (session ${t.sessionId ?? '?'})`;
      }),
    ]);
  },
};
