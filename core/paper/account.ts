// Wallet arithmetic shared by every engine operation. These helpers mutate a draft state: the
// exported operations clone the caller's state first, so callers only ever see new objects.
import { priceToPrecision } from '../exchange/precision';
import type { MarketInfo } from '../exchange/types';
import type { PaperConfig, PaperFillEvent, PaperOrder, PaperPosition, PaperState } from './types';

// Float dust below this (in base units or quote) counts as zero.
export const DUST = 1e-12;

export function feeRates(market: MarketInfo, cfg: PaperConfig): { maker: number; taker: number } {
  return cfg.fees ?? { maker: market.maker, taker: market.taker };
}

export function leverageOf(state: PaperState, market: MarketInfo, cfg: PaperConfig): number {
  if (market.type === 'spot') return 1;
  return state.leverage[market.symbol] ?? cfg.defaultLeverage;
}

export function wallet(state: PaperState, currency: string): number {
  return state.balances[currency] ?? 0;
}

export function reservedIn(state: PaperState, currency: string, excludeOrderId?: string): number {
  let sum = 0;
  // for-in, not Object.values: no array per call (account views ask this for every currency, every
  // cycle); states are plain JSON, so both visit the same orders in the same order.
  for (const id in state.orders) {
    const order = state.orders[id];
    if (order.status === 'open' && order.reservedCurrency === currency && order.id !== excludeOrderId)
      sum += order.reserved;
  }
  return sum;
}

export function unrealizedPnl(position: PaperPosition): number {
  return position.contracts * (position.markPrice - position.entryPrice);
}

export function positionMargin(position: PaperPosition): number {
  return (Math.abs(position.contracts) * position.entryPrice) / position.leverage;
}

/**
 * Quote the account can still commit. Unrealized profit is not spendable (a spot purchase paid
 * from it could drive the wallet below zero); unrealized loss is subtracted.
 */
export function availableQuote(state: PaperState, excludeOrderId?: string): number {
  let margin = 0;
  let loss = 0;
  for (const position of Object.values(state.positions)) {
    margin += positionMargin(position);
    loss += Math.min(0, unrealizedPnl(position));
  }
  return wallet(state, state.quoteCurrency) + loss - margin - reservedIn(state, state.quoteCurrency, excludeOrderId);
}

/** The part of an order that would grow exposure (the rest closes an opposite position). */
export function increasingAmount(
  state: PaperState,
  order: Pick<PaperOrder, 'symbol' | 'side'>,
  amount: number,
): number {
  const position = state.positions[order.symbol];
  if (!position) return amount;
  const opposite =
    (position.contracts > 0 && order.side === 'sell') || (position.contracts < 0 && order.side === 'buy');
  return opposite ? Math.max(0, amount - Math.abs(position.contracts)) : amount;
}

/** Largest amount of `order` the account can pay for at `price` right now. */
export function maxAffordable(
  state: PaperState,
  market: MarketInfo,
  cfg: PaperConfig,
  order: PaperOrder,
  price: number,
  feeRate: number,
): number {
  if (market.type === 'spot') {
    if (order.side === 'sell')
      return Math.max(0, wallet(state, market.base) - reservedIn(state, market.base, order.id));
    return Math.max(0, availableQuote(state, order.id)) / (price * (1 + feeRate));
  }
  const position = state.positions[order.symbol];
  const opposite =
    position !== undefined &&
    ((position.contracts > 0 && order.side === 'sell') || (position.contracts < 0 && order.side === 'buy'));
  const closable = opposite ? Math.abs(position.contracts) : 0;
  if (order.reduceOnly) return closable;
  const perUnit = price * (1 / leverageOf(state, market, cfg) + feeRate);
  return closable + Math.max(0, availableQuote(state, order.id) - closable * price * feeRate) / perUnit;
}

/** Funds an open order holds so that later orders cannot spend them twice. */
export function reserveFor(
  state: PaperState,
  market: MarketInfo,
  cfg: PaperConfig,
  order: PaperOrder,
  price: number,
  feeRate: number,
): void {
  const remaining = order.amount - order.filled;
  if (
    order.status !== 'open' ||
    remaining <= DUST ||
    order.type === 'stop_market' ||
    order.type === 'take_profit_market' ||
    order.type === 'trailing_stop_market'
  ) {
    order.reserved = 0;
    return;
  }
  if (market.type === 'spot') {
    if (order.side === 'sell') {
      order.reserved = remaining;
      order.reservedCurrency = market.base;
    } else {
      order.reserved = remaining * price * (1 + feeRate);
      order.reservedCurrency = market.quote;
    }
    return;
  }
  order.reservedCurrency = market.quote;
  order.reserved = order.reduceOnly
    ? 0
    : increasingAmount(state, order, remaining) * price * (1 / leverageOf(state, market, cfg) + feeRate);
}

function credit(state: PaperState, currency: string, amount: number): void {
  state.balances[currency] = wallet(state, currency) + amount;
}

/** A wallet that a loss would take below zero stops at zero; the shortfall is bad debt. */
function clampQuote(state: PaperState): void {
  const q = state.quoteCurrency;
  if (wallet(state, q) < 0) {
    state.badDebt += -wallet(state, q);
    state.balances[q] = 0;
  }
}

function applySwapFill(
  state: PaperState,
  market: MarketInfo,
  cfg: PaperConfig,
  side: 'buy' | 'sell',
  price: number,
  amount: number,
  time: number,
): number {
  const delta = side === 'buy' ? amount : -amount;
  const current = state.positions[market.symbol];
  let realized = 0;
  if (!current || Math.sign(current.contracts) === Math.sign(delta)) {
    const size = (current?.contracts ?? 0) + delta;
    const entry = current
      ? (Math.abs(current.contracts) * current.entryPrice + amount * price) / Math.abs(size)
      : price;
    state.positions[market.symbol] = {
      symbol: market.symbol,
      contracts: size,
      entryPrice: entry,
      markPrice: price,
      leverage: leverageOf(state, market, cfg),
      marginMode: state.marginMode[market.symbol] ?? 'cross',
      openedAt: current?.openedAt ?? time,
    };
  } else {
    const closing = Math.min(Math.abs(current.contracts), amount);
    realized = closing * (price - current.entryPrice) * Math.sign(current.contracts);
    const size = current.contracts + delta;
    if (Math.abs(size) <= DUST) {
      delete state.positions[market.symbol];
    } else if (Math.sign(size) === Math.sign(current.contracts)) {
      state.positions[market.symbol] = { ...current, contracts: size, markPrice: price };
    } else {
      // Flipped through zero: the remainder opens a fresh position at this price.
      state.positions[market.symbol] = {
        ...current,
        contracts: size,
        entryPrice: price,
        markPrice: price,
        leverage: leverageOf(state, market, cfg),
        openedAt: time,
      };
    }
    credit(state, market.quote, realized);
  }
  return realized;
}

/** Books one fill: moves funds, updates the position and the order. The fee is always charged. */
export function applyFill(
  state: PaperState,
  market: MarketInfo,
  cfg: PaperConfig,
  order: PaperOrder,
  rawPrice: number,
  amount: number,
  takerOrMaker: 'taker' | 'maker',
  time: number,
): PaperFillEvent {
  const price = priceToPrecision(market, rawPrice);
  const rate = feeRates(market, cfg)[takerOrMaker];
  const cost = price * amount;
  const fee = cost * rate;
  let realized = 0;
  if (market.type === 'spot') {
    const sign = order.side === 'buy' ? 1 : -1;
    credit(state, market.base, sign * amount);
    credit(state, market.quote, -sign * cost - fee);
  } else {
    realized = applySwapFill(state, market, cfg, order.side, price, amount, time);
    credit(state, market.quote, -fee);
    // Only leveraged losses can exceed the wallet; spot fills are fully paid for by construction.
    clampQuote(state);
  }
  const fill = { price, amount, fee, feeCurrency: market.quote, takerOrMaker, timestamp: time };
  order.filled += amount;
  order.cost += cost;
  order.fee += fee;
  order.fills.push(fill);
  order.updatedAt = time;
  if (order.amount - order.filled <= DUST) {
    order.status = 'closed';
    order.reserved = 0;
  }
  return {
    ...fill,
    orderId: order.id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    realizedPnl: realized,
  };
}
