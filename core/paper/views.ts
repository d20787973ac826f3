// The account seen through the ExchangePlugin contract's shapes.
import type { Balances, Order, Position } from '../exchange/types';
import { positionMargin, reservedIn, unrealizedPnl, wallet } from './account';
import { liquidationPrice } from './liquidation';
import type { PaperOrder, PaperState } from './types';

export function toOrder(order: PaperOrder, feeCurrency: string): Order {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    status: order.status,
    price: order.price,
    triggerPrice: order.triggerPrice,
    ...(order.trailingPercent === undefined ? {} : { trailingPercent: order.trailingPercent }),
    amount: order.amount,
    filled: order.filled,
    remaining: Math.max(0, order.amount - order.filled),
    average: order.filled > 0 ? order.cost / order.filled : undefined,
    cost: order.cost,
    fee: { cost: order.fee, currency: feeCurrency },
    reduceOnly: order.reduceOnly,
    timestamp: order.timestamp,
    fills: order.fills.map((f) => ({ ...f })),
  };
}

/** Marks positions at `marks` (symbol → price) where given, else at their last known mark. */
export function withMarks(state: PaperState, marks: Record<string, number>): PaperState {
  const positions = Object.fromEntries(
    Object.entries(state.positions).map(([symbol, p]) => [
      symbol,
      marks[symbol] > 0 ? { ...p, markPrice: marks[symbol] } : p,
    ]),
  );
  return { ...state, positions };
}

/** Every wallet's currency, then the quote currency if it has no wallet yet. */
function currenciesOf(state: PaperState): string[] {
  const currencies = Object.keys(state.balances);
  if (!currencies.includes(state.quoteCurrency)) currencies.push(state.quoteCurrency);
  return currencies;
}

export function balancesView(state: PaperState): Balances {
  const out: Balances = {};
  for (const currency of currenciesOf(state)) {
    const total = wallet(state, currency);
    let used = reservedIn(state, currency);
    let loss = 0;
    if (currency === state.quoteCurrency) {
      for (const p of Object.values(state.positions)) {
        used += positionMargin(p);
        loss += Math.min(0, unrealizedPnl(p));
      }
    }
    const free = Math.max(0, total + loss - used);
    out[currency] = { currency, total, used: total - free, free };
  }
  return out;
}

export function positionsView(state: PaperState, maintenanceMarginRate: number, symbols?: string[]): Position[] {
  // A loop, not Object.values().filter().map(): account views run on every cycle of a backtest.
  const out: Position[] = [];
  for (const key in state.positions) {
    const p = state.positions[key];
    if (symbols && !symbols.includes(p.symbol)) continue;
    out.push({
      symbol: p.symbol,
      side: p.contracts > 0 ? 'long' : 'short',
      contracts: Math.abs(p.contracts),
      entryPrice: p.entryPrice,
      markPrice: p.markPrice,
      leverage: p.leverage,
      marginMode: p.marginMode,
      unrealizedPnl: unrealizedPnl(p),
      liquidationPrice: liquidationPrice(p, maintenanceMarginRate),
      initialMargin: positionMargin(p),
      timestamp: p.openedAt,
    });
  }
  return out;
}
