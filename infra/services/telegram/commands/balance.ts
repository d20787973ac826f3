// /balance [session]: each running session's latest equity and cash, PnL today and since its
// start, from the equity series GET /equity serves.
import { equityFigures } from '../../ledger/equity-figures';
import { equitySeries } from '../../ledger/ledger-reads';
import { runningSessions } from '../../sessions/session-reads';
import type { BotCommand } from '../bot-command';
import { fitMessage } from '../bot-reply';
import { money, signed } from '../format-number';
import { pickSession } from '../pick-session';

/** Enough points to find the last one before today at any timeframe a session runs at. */
const POINTS = 5000;

export const balanceCommand: BotCommand = {
  name: 'balance',
  usage: '/balance [session]',
  description: 'equity, cash and PnL of the running sessions',
  async run({ args }, deps) {
    const rows = args[0] ? [await pickSession(deps, args[0], 'balance')] : await runningSessions(deps.prisma, 20);
    if (!rows.length) return 'no session is running';
    const now = deps.now?.() ?? Date.now();
    const lines = await Promise.all(
      rows.map(async (r) => {
        const points = await equitySeries(deps.prisma, { sessionId: r.id, limit: POINTS });
        if (!points.length) return `${r.id}: no equity recorded yet`;
        const equity = points.map((p) => p.equity.toNumber());
        const f = equityFigures(
          points.map((p) => p.time.getTime()),
          equity,
          now,
        );
        const last = points[points.length - 1];
        return `${r.id}: equity ${money(f.equity)}, cash ${money(last.cash.toNumber())}, PnL today ${signed(f.pnlToday)}, total ${signed(f.pnlTotal)}`;
      }),
    );
    return fitMessage(lines);
  },
};
