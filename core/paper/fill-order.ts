// One attempt to fill (part of) an open order at a price, within the liquidity one candle offers
// and what the account can pay for.
import { truncateToStep } from '../exchange/precision';
import type { MarketInfo } from '../exchange/types';
import { applyFill, DUST, feeRates, maxAffordable, reserveFor } from './account';
import type { PaperConfig, PaperEvents, PaperOrder, PaperState } from './types';

export function recordChange(events: PaperEvents, order: PaperOrder): void {
  if (!events.changedOrderIds.includes(order.id)) events.changedOrderIds.push(order.id);
}

export function closeOrder(
  events: PaperEvents,
  order: PaperOrder,
  status: 'canceled' | 'expired' | 'rejected',
  time: number,
  reason?: string,
): void {
  order.status = status;
  order.reserved = 0;
  order.updatedAt = time;
  if (reason) order.reason = reason;
  recordChange(events, order);
}

/** A flat position leaves nothing for reduce-only orders to reduce: the venue cancels them. */
export function cancelOrphanedReduceOnly(state: PaperState, symbol: string, time: number, events: PaperEvents): void {
  if (state.positions[symbol]) return;
  for (const order of Object.values(state.orders)) {
    if (order.symbol === symbol && order.status === 'open' && order.reduceOnly) {
      closeOrder(events, order, 'canceled', time, 'position closed: nothing left to reduce');
    }
  }
}

export interface FillAttempt {
  price: number;
  /** Largest amount this candle's liquidity allows for the order (Infinity = unlimited). */
  capacity: number;
  takerOrMaker: 'taker' | 'maker';
  time: number;
}

/** Returns the amount filled (0 when nothing could be). */
export function tryFill(
  state: PaperState,
  market: MarketInfo,
  cfg: PaperConfig,
  order: PaperOrder,
  attempt: FillAttempt,
  events: PaperEvents,
): number {
  const rate = feeRates(market, cfg)[attempt.takerOrMaker];
  let remaining = order.amount - order.filled;
  if (order.reduceOnly && market.type === 'swap') {
    const position = state.positions[order.symbol];
    const closable =
      position && (position.contracts > 0 ? order.side === 'sell' : order.side === 'buy')
        ? Math.abs(position.contracts)
        : 0;
    if (closable <= DUST) {
      closeOrder(events, order, 'canceled', attempt.time, 'reduce-only order has no position to reduce');
      return 0;
    }
    remaining = Math.min(remaining, closable);
  }
  const affordable = maxAffordable(state, market, cfg, order, attempt.price, rate);
  const wanted = Math.min(remaining, attempt.capacity);
  const amount = truncateToStep(Math.min(wanted, affordable), market.precision.amount);
  if (affordable + DUST < wanted && amount <= DUST) {
    // Prices moved since the order was accepted and the account can no longer pay for any of it.
    closeOrder(events, order, 'canceled', attempt.time, 'insufficient funds at fill time');
    return 0;
  }
  if (amount <= DUST) return 0;
  events.fills.push(applyFill(state, market, cfg, order, attempt.price, amount, attempt.takerOrMaker, attempt.time));
  recordChange(events, order);
  if (order.status === 'open' && order.reduceOnly && market.type === 'swap' && !state.positions[order.symbol]) {
    closeOrder(events, order, 'canceled', attempt.time, 'position closed: nothing left to reduce');
  }
  if (order.status === 'open')
    reserveFor(
      state,
      market,
      cfg,
      order,
      order.price ?? attempt.price,
      feeRates(market, cfg)[order.type === 'limit' ? 'maker' : 'taker'],
    );
  if (market.type === 'swap') cancelOrphanedReduceOnly(state, order.symbol, attempt.time, events);
  return amount;
}

export function slipped(price: number, side: 'buy' | 'sell', cfg: PaperConfig): number {
  const factor = cfg.slippageBps / 10_000;
  return side === 'buy' ? price * (1 + factor) : price * (1 - factor);
}
