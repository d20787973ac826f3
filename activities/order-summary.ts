import type { Order } from '../core/exchange/types';
import type { OrderSummary } from '../workflows/trading-contract';

/** What the workflow learns of an exchange order. */
export function orderSummary(o: Order): OrderSummary {
  return {
    clientOrderId: o.clientOrderId,
    side: o.side,
    quantity: o.amount,
    filled: o.filled,
    average: o.average,
    status: o.status,
  };
}
