// How much a reduce-only exit closes, on the venue's terms. Exits are never blocked by entry limits,
// but the venue's size rules bind them like any order: an exit it would reject cuts no risk.
import { fitToVenue, type VenueLimits } from './venue-limits';

const EPS = 1e-9;

export type ExitQuantity =
  { ok: true; quantity: number; partial: boolean; notes: string[] } | { ok: false; reason: string };

/**
 * `held` is the position (base units), `requested` the caller's wish (default: all of it). Without
 * venue limits this is min(held, requested), as before.
 */
export function exitQuantity(
  held: number,
  requested: number | undefined,
  price: number,
  venue: VenueLimits | undefined,
  symbol: string,
): ExitQuantity {
  const wanted = Math.min(held, requested ?? held);
  if (!venue) return { ok: true, quantity: wanted, partial: wanted < held - EPS, notes: [] };

  const notes: string[] = [];
  // The held quantity came from fills on this venue, so it is normally on the step already; a fee
  // taken in the base currency can leave a sub-step tail, which the venue would truncate anyway.
  const whole = fitToVenue(held, price, venue, symbol);
  if (!whole.ok)
    return {
      ok: false,
      reason: `${whole.reason}: the whole position is smaller than the venue accepts in one order, so it cannot be closed there`,
    };
  let quantity = whole.quantity;
  if (whole.quantity < held - EPS)
    notes.push(
      `held ${held} is off the venue step ${venue.amountStep}: closing ${whole.quantity}, the venue cannot trade the rest`,
    );

  if (wanted < held - EPS) {
    const part = fitToVenue(wanted, price, venue, symbol);
    const rest = fitToVenue(held - part.quantity, price, venue, symbol);
    // A partial close the venue would refuse, or one that leaves a remainder below the venue's
    // minimum, closes the whole position instead: a dust remainder can never be closed later (no
    // order for it is accepted), it would sit open with its risk and its position slot forever.
    if (!part.ok) notes.push(`partial close ${part.reason}: closing the whole position instead`);
    else if (!rest.ok || rest.quantity <= 0)
      notes.push(
        `the remainder after a partial close would be ${rest.reason ?? 'dust'}: closing the whole position instead`,
      );
    else quantity = part.quantity;
  }

  if (venue.maxAmount !== undefined && quantity > venue.maxAmount) {
    const capped = fitToVenue(venue.maxAmount, price, venue, symbol).quantity;
    notes.push(`venue maximum amount ${venue.maxAmount}: closing ${capped} now, the rest on a later decision`);
    quantity = capped;
  }
  return { ok: true, quantity, partial: quantity < whole.quantity - EPS, notes };
}
