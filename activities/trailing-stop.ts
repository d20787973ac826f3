// What a cycle needs to keep a session's trailing stop: whether the venue trails it itself, its
// price grid, and, where the session trails it, the stop resting now and the best price since the
// entry. Reads only; the cycle decides (core/exits/session-trailing-stop) and places the orders.
import { extremeSince } from '../core/exits/session-trailing-stop';
import type { OrderSide } from '../core/exchange/types';
import type { Repositories } from '../infra/adapters/db';
import type { ActivityDeps } from './deps';
import { exchangeCall } from './exchange-failure';
import type { SessionVenueRef } from './execution';
import { purposeOfClientOrderId } from './order-ids';
import type { SnapshotCache } from './snapshot-cache';
import { readSnapshot } from './read-snapshot';

export interface TrailingStopVenue {
  /** The venue keeps a trailing stop itself (the session places it once and leaves it). */
  exchangeSide: boolean;
  /** The market's price step. */
  priceTick: number;
}

export interface RestingStop {
  clientOrderId: string;
  /** The cycle the stop is filed under: the entry's, whose take-profit is its twin. */
  cycleId: string;
  purpose: 'stop_loss' | 'trailing_stop';
  triggerPrice: number;
  quantity: number;
  side: OrderSide;
}

export interface TrailingStopState extends TrailingStopVenue {
  /** The session's stops resting on the venue for the symbol, tightest first (two only when a cancel failed). */
  stops: RestingStop[];
  /** When the open position was entered; null when the ledger has no open trade. */
  entryMs: number | null;
  /** The best price of the snapshot's candles since the entry; null when none closed yet. */
  extreme: number | null;
}

type Ref = SessionVenueRef & { symbol: string };

export function createTrailingStopActivities(
  deps: ActivityDeps,
  repos: Pick<Repositories, 'orders' | 'trades'>,
  cache?: SnapshotCache,
) {
  const venueOf = (r: Ref) => deps.venues.forSession({ sessionId: r.sessionId, mode: r.mode, exchange: r.exchange });

  async function trailingStopVenue(r: Ref): Promise<TrailingStopVenue> {
    return exchangeCall(async () => {
      const venue = await venueOf(r);
      const market = await venue.market(r.symbol);
      return { exchangeSide: venue.has.trailingStopOrders === true, priceTick: market.precision.price };
    });
  }

  return {
    trailingStopVenue,

    /** The resting stop and the extreme since entry of the session's `side` position (the snapshot `snapshotKey` holds the candles). */
    async trailingStopState(r: Ref & { side: 'long' | 'short'; snapshotKey: string }): Promise<TrailingStopState> {
      const venueInfo = await trailingStopVenue(r);
      if (venueInfo.exchangeSide) return { ...venueInfo, stops: [], entryMs: null, extreme: null };
      const rows = (await repos.orders.openProtectionOrders(r.sessionId, r.symbol)).filter(
        (row) => row.purpose === 'stop_loss',
      );
      const stops = await exchangeCall(async () => {
        const venue = await venueOf(r);
        const out: RestingStop[] = [];
        for (const row of rows) {
          const o = await venue.fetchOrderByClientId(row.clientOrderId, r.symbol);
          if (!o || o.status !== 'open' || o.triggerPrice === undefined) continue;
          out.push({
            clientOrderId: row.clientOrderId,
            cycleId: row.decisionId ?? '',
            purpose: purposeOfClientOrderId(row.clientOrderId) === 'trailing_stop' ? 'trailing_stop' : 'stop_loss',
            triggerPrice: o.triggerPrice,
            quantity: o.remaining > 0 ? o.remaining : o.amount,
            side: o.side,
          });
        }
        return out;
      });
      stops.sort((a, b) => (r.side === 'long' ? b.triggerPrice - a.triggerPrice : a.triggerPrice - b.triggerPrice));
      const entryMs = await repos.trades.openSince(r.sessionId, r.symbol);
      let extreme: number | null = null;
      if (entryMs !== null) {
        const snapshot = await readSnapshot(deps.redis, cache, r.snapshotKey);
        const candles = snapshot.candles[snapshot.timeframe];
        const best = candles ? extremeSince(r.side, candles, entryMs) : NaN;
        extreme = Number.isFinite(best) ? best : null;
      }
      return { ...venueInfo, stops, entryMs, extreme };
    },
  };
}
