// The cycle's part in a session-kept trailing stop (a venue without trailing orders): on a cycle that
// trades nothing while the position stays open, move the resting stop up to the trail behind the best
// price since entry. The new stop is placed before the old one is cancelled, so the position is never
// without one; a placement that fails leaves the old stop as it was. The order ids derive from this
// cycle's id, so a retry finds the stop it placed instead of adding one.
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ExecutedOrder } from '../activities/execution';
import { nextSessionStop } from '../core/exits/session-trailing-stop';
import { cycleOrder } from './activity-options';
import { failureMessage } from './failure-message';
import type { TradingMode } from './trading-contract';

type A = Activities;
const act = <K extends keyof A>(options: ActivityOptions, summary: string) =>
  proxyActivities<Pick<A, K>>({ ...options, summary });

export interface TrailRef {
  cycleId: string;
  sessionId: string;
  mode: TradingMode;
  exchange: string;
  symbol: string;
}

export interface TrailOutcome {
  /** The stop placed (one at most). */
  orders: ExecutedOrder[];
  notes: string[];
}

export async function trailSessionStop(
  ref: TrailRef,
  position: { side: 'long' | 'short' },
  distancePct: number,
  snapshotKey: string,
): Promise<TrailOutcome> {
  const out: TrailOutcome = { orders: [], notes: [] };
  const note = (s: string) => out.notes.push(`trailing stop: ${s}`);
  const venueRef = { sessionId: ref.sessionId, mode: ref.mode, exchange: ref.exchange, symbol: ref.symbol };
  let state;
  try {
    state = await act<'trailingStopState'>(cycleOrder, 'trailing stop: read').trailingStopState({
      ...venueRef,
      side: position.side,
      snapshotKey,
    });
  } catch (e) {
    note(`not moved, reading it failed: ${failureMessage(e)}`);
    return out;
  }
  if (state.exchangeSide) return out; // the venue trails it
  const [current] = state.stops;
  if (!current) {
    note('no resting stop to move');
    return out;
  }
  const level =
    state.extreme === null
      ? null
      : nextSessionStop(position.side, current.triggerPrice, state.extreme, distancePct, state.priceTick);
  if (level === null) {
    note(
      `stays at ${current.triggerPrice}${state.extreme === null ? ' (no candle since entry)' : ` (best price since entry ${state.extreme})`}`,
    );
    return out;
  }

  let placed: ExecutedOrder;
  try {
    placed = await act<'placeProtectionOrder'>(
      cycleOrder,
      `trailing stop: ${current.triggerPrice} → ${level}`,
    ).placeProtectionOrder({
      ...ref,
      kind: 'stop_loss',
      purpose: 'trailing_stop',
      side: current.side,
      quantity: current.quantity,
      triggerPrice: level,
      ...(current.cycleId ? { protectsCycleId: current.cycleId } : {}),
    });
  } catch (e) {
    note(`placing ${level} failed (${failureMessage(e)}); the stop at ${current.triggerPrice} stays`);
    return out;
  }
  out.orders.push(placed);
  note(`moved ${current.triggerPrice} → ${placed.triggerPrice ?? level} (best price since entry ${state.extreme})`);
  // Every stop it replaces: a second one rests only when an earlier cancel failed.
  for (const old of state.stops) {
    if (old.clientOrderId === placed.clientOrderId) continue; // a retry of this very cycle
    try {
      const c = await act<'cancelRestingStop'>(
        cycleOrder,
        `cancel replaced stop at ${old.triggerPrice}`,
      ).cancelRestingStop({
        ...venueRef,
        clientOrderId: old.clientOrderId,
        purpose: old.purpose,
        cycleId: old.cycleId,
      });
      note(`replaced ${c.clientOrderId} ${c.status}`);
    } catch (e) {
      // Both rest, the new one tighter: the next cycle that moves the stop cancels this one too.
      note(`cancelling the replaced ${old.clientOrderId} failed (${failureMessage(e)}); both rest`);
    }
  }
  return out;
}
