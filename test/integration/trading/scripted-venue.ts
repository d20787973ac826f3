// A venue whose orders the test sets: what a stop-loss or take-profit became, what rests, what a
// cancel does. Spot, with only quote currency held, so account reads see no position to price.
import type { ExchangePlugin, Order } from '../../../core/exchange/types';

export interface ScriptedVenue {
  venue: ExchangePlugin;
  orders: Map<string, Order>;
  /** Throws instead of cancelling while it returns an error (a crash at that exact step). */
  cancelFault?: (o: Order) => Error | undefined;
}

export function order(clientOrderId: string, o: Partial<Order> & Pick<Order, 'status'>): Order {
  const amount = o.amount ?? 0;
  const filled = o.filled ?? 0;
  return {
    id: `x-${clientOrderId}`,
    clientOrderId,
    symbol: 'BTC/USDT',
    side: 'sell',
    type: 'stop_market',
    amount,
    filled,
    remaining: amount - filled,
    cost: filled * (o.average ?? 0),
    fee: { cost: 0, currency: 'USDT' },
    reduceOnly: true,
    timestamp: 0,
    ...o,
  };
}

export function scriptedVenue(): ScriptedVenue {
  const s: ScriptedVenue = { orders: new Map(), venue: undefined as unknown as ExchangePlugin };
  const venue = {
    id: 'scripted',
    marketType: 'spot',
    has: { fetchOpenOrders: true },
    async fetchOpenOrders(symbol: string) {
      return [...s.orders.values()].filter((o) => o.symbol === symbol && o.status === 'open');
    },
    async fetchOrderByClientId(clientOrderId: string) {
      return s.orders.get(clientOrderId);
    },
    async cancelOrder(id: string) {
      const o = [...s.orders.values()].find((x) => x.id === id);
      if (!o) throw new Error(`no order ${id}`);
      const fault = s.cancelFault?.(o);
      if (fault) throw fault;
      const canceled = { ...o, status: 'canceled' as const };
      s.orders.set(o.clientOrderId, canceled);
      return canceled;
    },
    async market(symbol: string) {
      return { symbol, type: 'spot', base: 'BTC', quote: 'USDT', limits: { amount: { min: 0 } } };
    },
    async loadMarkets() {
      return {};
    },
    async fetchBalance() {
      return { USDT: { free: 1000, used: 0, total: 1000 } };
    },
    async fetchPositions() {
      return [];
    },
    async fetchTicker(symbol: string) {
      return { symbol, last: 100 };
    },
  };
  s.venue = venue as unknown as ExchangePlugin;
  return s;
}
