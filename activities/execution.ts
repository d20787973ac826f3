// Orders of a cycle. Every call is idempotent by clientOrderId (derived from the cycle id and the
// order's purpose): an order is looked up before it is placed, so a retried activity — or a cycle
// re-run after a crash — finds the order it already placed instead of placing a second one.
import { ExchangeError, type ExchangePlugin, type Order, type OrderSide } from '../core/exchange/types';
import type { TradingMode, OrderSummary } from '../workflows/trading-contract';
import { readAccount } from './account-state';
import type { Repositories } from '../infra/adapters/db';
import type { ActivityDeps } from './deps';
import { exchangeCall } from './exchange-failure';
import { cycleClientOrderId, storedPurpose, type OrderPurpose } from './order-ids';
import { orderSummary } from './order-summary';

export interface SessionVenueRef {
  sessionId: string;
  mode: TradingMode;
  exchange: string;
}

export interface CycleOrderRef extends SessionVenueRef {
  cycleId: string;
  symbol: string;
}

export interface ExecutedOrder extends OrderSummary {
  purpose: OrderPurpose;
  fee: number;
  triggerPrice?: number;
}

const opposite = (side: OrderSide): OrderSide => (side === 'buy' ? 'sell' : 'buy');

function executed(o: Order, purpose: OrderPurpose): ExecutedOrder {
  return {
    ...orderSummary(o),
    purpose,
    fee: o.fee.cost,
    ...(o.triggerPrice !== undefined ? { triggerPrice: o.triggerPrice } : {}),
  };
}

/** Places an order unless one with this clientOrderId exists; returns the venue's current view of it. */
async function placeOnce(
  venue: ExchangePlugin,
  clientOrderId: string,
  symbol: string,
  place: () => Promise<Order>,
): Promise<Order> {
  const existing = await venue.fetchOrderByClientId(clientOrderId, symbol);
  if (existing) return existing;
  try {
    return await place();
  } catch (e) {
    // Placed by an attempt whose answer was lost: the venue refuses the id, the order is there.
    if (e instanceof ExchangeError && e.kind === 'duplicate_order') {
      const found = await venue.fetchOrderByClientId(clientOrderId, symbol);
      if (found) return found;
    }
    throw e;
  }
}

async function heldQuantity(venue: ExchangePlugin, symbol: string, side: 'long' | 'short'): Promise<number> {
  const ticker = await venue.fetchTicker(symbol);
  const account = await readAccount(venue, symbol, { [symbol]: ticker.last });
  const p = account.positions.find((x) => x.symbol === symbol && x.side === side);
  return p ? p.quantity : 0;
}

export function createExecutionActivities(deps: ActivityDeps, { orders }: Pick<Repositories, 'orders'>) {
  const venueOf = (r: SessionVenueRef) =>
    deps.venues.forSession({ sessionId: r.sessionId, mode: r.mode, exchange: r.exchange });

  /** Market order that closes (part of) a position, never more than is held. */
  async function closeOnce(
    venue: ExchangePlugin,
    r: CycleOrderRef,
    purpose: OrderPurpose,
    clientOrderId: string,
    side: OrderSide,
    wanted: number,
  ): Promise<ExecutedOrder | null> {
    const existing = await venue.fetchOrderByClientId(clientOrderId, r.symbol);
    if (existing) {
      await orders.saveCycleOrder(r, storedPurpose(purpose), existing);
      return executed(existing, purpose);
    }
    const held = await heldQuantity(venue, r.symbol, side === 'sell' ? 'long' : 'short');
    const amount = await venue.amountToPrecision(r.symbol, Math.min(wanted, held));
    if (!(amount > 0)) return null;
    const swap = (await venue.market(r.symbol)).type === 'swap';
    const order = await placeOnce(venue, clientOrderId, r.symbol, () =>
      venue.createOrder({
        symbol: r.symbol,
        side,
        type: 'market',
        amount,
        clientOrderId,
        ...(swap ? { reduceOnly: true } : {}),
      }),
    );
    await orders.saveCycleOrder(r, storedPurpose(purpose), order);
    return executed(order, purpose);
  }

  async function cancelByClientId(
    venue: ExchangePlugin,
    ctx: SessionVenueRef & { cycleId?: string },
    purpose: OrderPurpose,
    clientOrderId: string,
    symbol: string,
  ): Promise<{ clientOrderId: string; status: string }> {
    let order = await venue.fetchOrderByClientId(clientOrderId, symbol);
    if (!order) return { clientOrderId, status: 'absent' };
    if (order.status === 'open') {
      try {
        order = await venue.cancelOrder(order.id, symbol);
      } catch (e) {
        // Filled or canceled meanwhile: read what it became.
        if (!(e instanceof ExchangeError && e.kind === 'order_not_found')) throw e;
        order = (await venue.fetchOrderByClientId(clientOrderId, symbol)) ?? order;
      }
    }
    await orders.saveCycleOrder(ctx, storedPurpose(purpose), order);
    return { clientOrderId, status: order.status };
  }

  return {
    /** The cycle's entry (purpose `entry`) or exit (purpose `close`) market order. */
    async submitCycleOrder(
      r: CycleOrderRef & { purpose: 'entry' | 'close'; side: OrderSide; quantity: number; reduceOnly: boolean },
    ): Promise<ExecutedOrder | null> {
      return exchangeCall(async () => {
        const venue = await venueOf(r);
        const clientOrderId = cycleClientOrderId(r.cycleId, r.purpose);
        if (r.purpose === 'close' || r.reduceOnly)
          return closeOnce(venue, r, r.purpose, clientOrderId, r.side, r.quantity);
        const amount = await venue.amountToPrecision(r.symbol, r.quantity);
        if (!(amount > 0))
          throw new ExchangeError(
            'invalid_order',
            venue.id,
            `${r.symbol}: quantity ${r.quantity} rounds to 0 at the venue's amount step`,
          );
        const order = await placeOnce(venue, clientOrderId, r.symbol, () =>
          venue.createOrder({ symbol: r.symbol, side: r.side, type: 'market', amount, clientOrderId }),
        );
        await orders.saveCycleOrder(r, r.purpose, order);
        return executed(order, r.purpose);
      });
    },

    /**
     * Exchange-side stop-loss, take-profit or trailing stop for what the entry filled. `purpose`
     * names the order (its clientOrderId's code) when it differs from `kind`: a stop the session
     * trails itself is a plain stop on the venue and a trailing stop in the ledger. `protectsCycleId`:
     * the cycle whose entry the order protects when another cycle places it (a moved stop), filed as
     * that cycle's so the entry's take-profit stays its twin.
     */
    async placeProtectionOrder(
      r: CycleOrderRef & {
        kind: 'stop_loss' | 'take_profit' | 'trailing_stop';
        purpose?: 'stop_loss' | 'take_profit' | 'trailing_stop';
        side: OrderSide;
        quantity: number;
        triggerPrice: number;
        trailingPercent?: number;
        protectsCycleId?: string;
      },
    ): Promise<ExecutedOrder> {
      return exchangeCall(async () => {
        const venue = await venueOf(r);
        const purpose = r.purpose ?? r.kind;
        const clientOrderId = cycleClientOrderId(r.cycleId, purpose);
        const amount = await venue.amountToPrecision(r.symbol, r.quantity);
        const triggerPrice = await venue.priceToPrecision(r.symbol, r.triggerPrice);
        const order = await placeOnce(venue, clientOrderId, r.symbol, () =>
          venue.createProtectionOrder({
            symbol: r.symbol,
            kind: r.kind,
            side: r.side,
            amount,
            triggerPrice,
            ...(r.kind === 'trailing_stop' ? { trailingPercent: r.trailingPercent } : {}),
            clientOrderId,
            reduceOnly: true,
          }),
        );
        await orders.saveCycleOrder({ ...r, cycleId: r.protectsCycleId ?? r.cycleId }, storedPurpose(purpose), order);
        return executed(order, purpose);
      });
    },

    /**
     * Cancels one resting stop by its clientOrderId (the stop a moved one replaced); `cycleId`: the
     * cycle it is filed under. Its final state either way: a stop that fired meanwhile says so.
     */
    async cancelRestingStop(
      r: SessionVenueRef & {
        symbol: string;
        clientOrderId: string;
        purpose: 'stop_loss' | 'trailing_stop';
        cycleId: string;
      },
    ): Promise<{ clientOrderId: string; status: string }> {
      return exchangeCall(async () => cancelByClientId(await venueOf(r), r, r.purpose, r.clientOrderId, r.symbol));
    },

    /** Cancels whichever of the cycle's orders (by purpose) are still open. Compensation step. */
    async cancelCycleOrders(
      r: CycleOrderRef & { purposes: OrderPurpose[] },
    ): Promise<{ clientOrderId: string; status: string }[]> {
      return exchangeCall(async () => {
        const venue = await venueOf(r);
        const out = [];
        for (const purpose of r.purposes)
          out.push(await cancelByClientId(venue, r, purpose, cycleClientOrderId(r.cycleId, purpose), r.symbol));
        return out;
      });
    },

    /**
     * Undoes the cycle's entry: cancels what is left of it and closes what it filled (no more than is
     * still held — a stop may have closed part already). Compensation step; null when nothing is open.
     */
    async flattenCycleEntry(r: CycleOrderRef & { entrySide: OrderSide }): Promise<ExecutedOrder | null> {
      return exchangeCall(async () => {
        const venue = await venueOf(r);
        const entryId = cycleClientOrderId(r.cycleId, 'entry');
        await cancelByClientId(venue, r, 'entry', entryId, r.symbol);
        const entry = await venue.fetchOrderByClientId(entryId, r.symbol);
        if (!entry || !(entry.filled > 0)) return null;
        return closeOnce(
          venue,
          r,
          'compensation',
          cycleClientOrderId(r.cycleId, 'compensation'),
          opposite(r.entrySide),
          entry.filled,
        );
      });
    },

    /** Cancels the session's open stop-loss / take-profit orders on `symbol` (its position was closed). */
    async cancelProtectionOrders(
      r: SessionVenueRef & { symbol: string },
    ): Promise<{ clientOrderId: string; status: string }[]> {
      return exchangeCall(async () => {
        const venue = await venueOf(r);
        const rows = await orders.openProtectionOrders(r.sessionId, r.symbol);
        const out = [];
        for (const row of rows)
          out.push(
            await cancelByClientId(
              venue,
              { ...r, cycleId: row.decisionId ?? undefined },
              row.purpose,
              row.clientOrderId,
              r.symbol,
            ),
          );
        return out;
      });
    },
  };
}
