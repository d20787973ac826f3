import type { PaperEvents, PaperState } from './types';

export function createPaperState(
  quoteCurrency: string,
  initialBalances: Record<string, number>,
  orderIdPrefix = 'paper',
): PaperState {
  for (const [currency, amount] of Object.entries(initialBalances)) {
    if (!(amount >= 0) || !Number.isFinite(amount))
      throw new RangeError(`initial balance of ${currency} must be a finite number >= 0, got ${amount}`);
  }
  return {
    quoteCurrency,
    balances: { [quoteCurrency]: 0, ...initialBalances },
    positions: {},
    leverage: {},
    marginMode: {},
    orders: {},
    nextOrderSeq: 1,
    orderIdPrefix,
    cursor: {},
    lastFundingTime: {},
    badDebt: 0,
  };
}

/** Operations work on a copy: the caller's state is never mutated. */
export function draft(state: PaperState): PaperState {
  return structuredClone(state);
}

export function noEvents(): PaperEvents {
  return { fills: [], funding: [], changedOrderIds: [] };
}

/**
 * Orders the persistence layer has stored can leave the state once they are no longer open. With
 * none to drop, the state itself comes back (states are never mutated, so sharing it is safe): a
 * backtest prunes after every candle in position, and a copy each time is most of its paper cost.
 */
export function pruneClosedOrders(state: PaperState): PaperState {
  let closed = false;
  for (const id in state.orders) if (state.orders[id].status !== 'open') closed = true;
  if (!closed) return state;
  const next = draft(state);
  for (const [id, order] of Object.entries(next.orders)) if (order.status !== 'open') delete next.orders[id];
  return next;
}
