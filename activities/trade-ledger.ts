// Closing Trade rows with an exit fill (an exit order, a compensation, a stop or take-profit that
// fired): the trade the exit was placed for first, then oldest first, splitting a trade the exit
// covers only in part (core/ledger/match-exit). Idempotent: trades already closed by this exit
// report the same PnL again.
import { matchExit } from '../core/ledger/match-exit';
import type { TradeRepository } from '../infra/adapters/db/repositories/trades';

export interface ExitFill {
  clientOrderId: string;
  filled: number;
  average?: number;
  fee: number;
}

// A cycle's orders share the clientOrderId up to the purpose code, so a stop-loss, take-profit or
// compensation names the entry it belongs to.
const cyclePrefix = (clientOrderId: string) => clientOrderId.slice(0, clientOrderId.lastIndexOf('-') + 1);

export async function closeTrades(
  trades: TradeRepository,
  sessionId: string,
  symbol: string,
  exit: ExitFill,
  at: Date,
): Promise<number> {
  const done = await trades.pnlClosedBy(exit.clientOrderId);
  if (done.length) return done.reduce((s, pnl) => s + pnl, 0);
  if (!(exit.filled > 0)) return 0;
  const open = await trades.listOpen(sessionId, symbol);
  const prefix = cyclePrefix(exit.clientOrderId);
  const own = prefix ? open.find((t) => t.entryOrderId?.startsWith(prefix)) : undefined;
  const { closed } = matchExit(open, exit, own?.id);
  await trades.closeByExit(
    exit.clientOrderId,
    at,
    closed.map((part) => ({ ...part, closedId: `${part.tradeId}~${exit.clientOrderId}` })),
  );
  return closed.reduce((s, part) => s + part.pnl, 0);
}
