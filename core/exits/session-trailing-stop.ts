// A trailing stop kept by a trading session: where it starts when the entry fills, the extreme it
// follows, and when a later candle moves it far enough to replace the resting stop order. On a venue
// without trailing orders the session moves a plain stop by this; the ratchet itself is
// trailingStopLevel's, so the session trails exactly as the backtest and the paper venue do.
import { trailingStopLevel } from './trailing-stop';

export type PositionSide = 'long' | 'short';

export interface InitialTrailingStop {
  level: number;
  /** The trail is strictly tighter than the fixed stop: an exit there is the trailing stop's, not the stop-loss's. */
  trailing: boolean;
}

/**
 * The first level: the tighter of the risk stop (`fixedStop`, null when risk set none) and
 * `distancePct` from the fill — how the backtest engine combines a fixed and a trailing stop, so a
 * session's first stop is the one its backtest assumed.
 */
export function initialTrailingStop(
  side: PositionSide,
  fill: number,
  fixedStop: number | null,
  distancePct: number,
): InitialTrailingStop {
  const trail = trailingStopLevel(side, NaN, fill, distancePct);
  if (fixedStop === null || !Number.isFinite(fixedStop)) return { level: trail, trailing: true };
  const trailing = side === 'long' ? trail > fixedStop : trail < fixedStop;
  return { level: trailing ? trail : fixedStop, trailing };
}

export interface CandleExtremes {
  readonly length: number;
  readonly time: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
}

/**
 * The best price a position has seen: the highest high (long) or lowest low (short) of the candles
 * opened at or after `sinceMs` (the entry fills at the close it was decided on, which is the next
 * candle's open). NaN when no such candle has closed yet.
 */
export function extremeSince(side: PositionSide, candles: CandleExtremes, sinceMs: number): number {
  let best = NaN;
  for (let i = 0; i < candles.length; i++) {
    if (candles.time[i] < sinceMs) continue;
    const v = side === 'long' ? candles.high[i] : candles.low[i];
    if (best !== best || (side === 'long' ? v > best : v < best)) best = v;
  }
  return best;
}

/** Decimal places of a price step such as 0.01, so grid prices come out as the venue writes them. */
function decimalsOf(step: number): number {
  for (let d = 0; d <= 12; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d;
  return 12;
}

/**
 * Where the resting stop should move to, or null to leave it: trailingStopLevel from `extreme`,
 * put on the venue's price grid on the loose side (rounding must never tighten the stop beyond the
 * rule), and only when that is at least one tick tighter than `currentStop` — a smaller move would
 * replace the order for nothing. A `priceTick` that is not positive means no grid: any tighter level
 * counts.
 */
export function nextSessionStop(
  side: PositionSide,
  currentStop: number,
  extreme: number,
  distancePct: number,
  priceTick: number,
): number | null {
  if (!Number.isFinite(currentStop) || !Number.isFinite(extreme)) return null;
  const level = trailingStopLevel(side, currentStop, extreme, distancePct);
  const grid = priceTick > 0;
  let onGrid = level;
  if (grid) {
    // The small slack keeps a level that sits on the grid, but was computed a hair off it, where it is.
    const steps = side === 'long' ? Math.floor(level / priceTick + 1e-9) : Math.ceil(level / priceTick - 1e-9);
    onGrid = Number((steps * priceTick).toFixed(decimalsOf(priceTick)));
  }
  const gain = side === 'long' ? onGrid - currentStop : currentStop - onGrid;
  if (grid ? gain < priceTick * (1 - 1e-9) : !(gain > 0)) return null;
  return onGrid;
}
