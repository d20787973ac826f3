// /positions [session]: the open positions the database holds, as GET /positions serves them.
import { listPositions } from '../../ledger/ledger-reads';
import type { BotCommand } from '../bot-command';
import { fitMessage } from '../bot-reply';
import { money, num, signed } from '../format-number';
import { pickSession } from '../pick-session';

export const positionsCommand: BotCommand = {
  name: 'positions',
  usage: '/positions [session]',
  description: 'open positions, with unrealised PnL',
  async run({ args }, deps) {
    const sessionId = args[0] ? (await pickSession(deps, args[0], 'positions')).id : undefined;
    const rows = await listPositions(deps.prisma, { sessionId, status: 'open' }, { take: 50 });
    if (!rows.length) return sessionId ? `session ${sessionId} has no open position` : 'no open position';
    return fitMessage([
      `${rows.length} open:`,
      ...rows.map(
        (p) =>
          `${p.symbol} ${p.side} ${p.size.toString()} @ ${p.entryPrice.toString()}, mark ${money(num(p.markPrice))}, uPnL ${signed(num(p.unrealizedPnl) ?? 0)} (session ${p.sessionId ?? '?'})`,
      ),
    ]);
  },
};
