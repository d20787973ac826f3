// What a session holds on its venue, read the same way risk reads it (activities/account-state):
// the status view, reconciliation and flattening all see the same positions and equity.
import type { ExchangePlugin } from '../core/exchange/types';
import type { PositionView } from '../workflows/trading-contract';
import { readAccount as readRiskAccount, type AccountPosition, type EntryPriceLookup } from './account-state';

export type HeldPosition = AccountPosition;

export interface AccountSnapshot {
  equity: number;
  cash: number;
  quote: string;
  positions: HeldPosition[];
}

/** Positions of the session's symbols and the account's equity in the first symbol's quote currency. */
export async function readAccount(
  venue: ExchangePlugin,
  symbols: string[],
  entryPriceOf?: EntryPriceLookup,
): Promise<AccountSnapshot> {
  if (symbols.length === 0) throw new RangeError('a session has at least one symbol');
  const acc = await readRiskAccount(venue, symbols[0], {}, entryPriceOf);
  return {
    equity: acc.equity,
    cash: acc.cash,
    quote: acc.quote,
    positions: acc.positions.filter((p) => symbols.includes(p.symbol)),
  };
}

export function toPositionView(p: HeldPosition, protection?: { stopLoss?: number; takeProfit?: number }): PositionView {
  return {
    symbol: p.symbol,
    side: p.side,
    quantity: p.quantity,
    entryPrice: p.entryPrice,
    markPrice: p.markPrice,
    unrealizedPnl: p.unrealizedPnl,
    ...protection,
  };
}
