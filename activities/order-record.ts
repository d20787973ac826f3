// The Order row of an exchange order, written right after every exchange call so the database knows
// every order even if the cycle dies before it records the rest. Keyed by clientOrderId: idempotent.
import { randomUUID } from 'node:crypto';
import type { Order } from '../core/exchange/types';
import type { OrderSummary, TradingMode } from '../workflows/trading-contract';
import type { ActivityDeps } from './deps';
import { Prisma } from '../infra/adapters/db';
import { sqlName, sqlOf } from './sql-table';
import type { OrderPurpose } from './order-ids';

export interface OrderContext {
  sessionId: string;
  cycleId?: string;
  mode: TradingMode;
  exchange: string;
}

export async function upsertOrderRow(deps: ActivityDeps, ctx: OrderContext, purpose: OrderPurpose, o: Order): Promise<void> {
  // One SQL upsert: Prisma's compiled upsert cost several times the round trip in worker CPU.
  const average = o.average ?? null;
  const feeCurrency = o.fee.currency || null;
  await sqlOf(deps).rows(Prisma.sql`
    INSERT INTO ${sqlName(deps, 'orders')} (id, client_order_id, session_id, decision_id, exchange, symbol, side, type, purpose, price, trigger_price,
      amount, reduce_only, mode, exchange_order_id, status, filled, average, fee, fee_currency, updated_at)
    VALUES (${randomUUID()}, ${o.clientOrderId}, ${ctx.sessionId}, ${ctx.cycleId ?? null}, ${ctx.exchange}, ${o.symbol}, ${o.side}, ${o.type},
      CAST(${purpose} AS ${sqlName(deps, 'order_purpose')}), ${o.price ?? null}::numeric, ${o.triggerPrice ?? null}::numeric, ${o.amount}, ${o.reduceOnly ?? false},
      CAST(${ctx.mode} AS ${sqlName(deps, 'trading_mode')}), ${o.id}, ${o.status}, ${o.filled}, ${average}::numeric, ${o.fee.cost}, ${feeCurrency}, NOW())
    ON CONFLICT (client_order_id) DO UPDATE SET exchange_order_id = EXCLUDED.exchange_order_id, status = EXCLUDED.status, filled = EXCLUDED.filled,
      average = EXCLUDED.average, fee = EXCLUDED.fee, fee_currency = EXCLUDED.fee_currency, updated_at = NOW()`);
}

export function orderSummary(o: Order): OrderSummary {
  return { clientOrderId: o.clientOrderId, side: o.side, quantity: o.amount, filled: o.filled, average: o.average, status: o.status };
}
