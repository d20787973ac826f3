// The account as risk sees it, from what a venue reports: equity, free cash and the open positions.
// Spot venues have no positions, only holdings: a held base currency counts as a long position, and
// dust below the market's minimum order (which cannot be sold) is none. One set of rules for the
// cycle's snapshot (read from the venue) and the pipeline backtest (read from its paper engine).
import type { Balances, MarketInfo, Position } from '../exchange/types';
import type { RiskOpenPosition } from './risk-types';

export interface AccountPosition extends RiskOpenPosition {
  unrealizedPnl: number;
}

export interface AccountView {
  equity: number;
  cash: number;
  positions: AccountPosition[];
}

/** A margin account (swap markets): the quote wallet plus the positions' unrealised PnL. */
export function marginAccount(balances: Balances, quote: string, positions: readonly Position[]): AccountView {
  const open = positions
    .filter((p) => p.contracts > 0)
    .map((p) => ({
      symbol: p.symbol,
      side: p.side,
      quantity: p.contracts,
      entryPrice: p.entryPrice,
      markPrice: p.markPrice,
      leverage: p.leverage,
      unrealizedPnl: p.unrealizedPnl,
    }));
  const total = balances[quote]?.total ?? 0;
  return {
    cash: balances[quote]?.free ?? 0,
    equity: total + open.reduce((s, p) => s + p.unrealizedPnl, 0),
    positions: open,
  };
}

/** A spot holding of `market`'s base as a long position; null when nothing sellable is held. */
export function spotHolding(
  market: MarketInfo,
  held: number,
  mark: number,
  entryPrice: number,
): AccountPosition | null {
  if (!(held > 0) || held < (market.limits.amount.min ?? 0)) return null;
  return {
    symbol: market.symbol,
    side: 'long',
    quantity: held,
    entryPrice,
    markPrice: mark,
    leverage: 1,
    unrealizedPnl: (mark - entryPrice) * held,
  };
}

/** A spot account: the quote wallet plus the holdings at their marks. */
export function spotAccount(balances: Balances, quote: string, holdings: readonly AccountPosition[]): AccountView {
  const total = balances[quote]?.total ?? 0;
  return {
    cash: balances[quote]?.free ?? 0,
    equity: total + holdings.reduce((s, p) => s + p.quantity * (p.markPrice ?? p.entryPrice), 0),
    positions: [...holdings],
  };
}
