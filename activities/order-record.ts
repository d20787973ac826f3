// The Order row of an exchange order, written right after every exchange call so the database knows
// every order even if the cycle dies before it records the rest. Keyed by clientOrderId: idempotent.
import type { Order } from '../core/exchange/types';
import type { OrderSummary, TradingMode } from '../workflows/trading-contract';
import type { ActivityDeps } from './deps';
import type { OrderPurpose } from './order-ids';

export interface OrderContext {
  sessionId: string;
  cycleId?: string;
  mode: TradingMode;
  exchange: string;
}

export async function upsertOrderRow(deps: ActivityDeps, ctx: OrderContext, purpose: OrderPurpose, o: Order): Promise<void> {
  const values = {
    exchangeOrderId: o.id,
    status: o.status,
    filled: o.filled,
    average: o.average ?? null,
    fee: o.fee.cost,
    feeCurrency: o.fee.currency || null,
  };
  await deps.prisma.order.upsert({
    where: { clientOrderId: o.clientOrderId },
    create: {
      clientOrderId: o.clientOrderId,
      sessionId: ctx.sessionId,
      decisionId: ctx.cycleId ?? null,
      exchange: ctx.exchange,
      symbol: o.symbol,
      side: o.side,
      type: o.type,
      purpose,
      price: o.price ?? null,
      triggerPrice: o.triggerPrice ?? null,
      amount: o.amount,
      reduceOnly: o.reduceOnly,
      mode: ctx.mode,
      ...values,
    },
    update: values,
  });
}

export function orderSummary(o: Order): OrderSummary {
  return { clientOrderId: o.clientOrderId, side: o.side, quantity: o.amount, filled: o.filled, average: o.average, status: o.status };
}
