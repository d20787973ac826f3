// Candle-close arithmetic on the venue's clock, and a measured clock rate: the sim market runs
// faster than wall time, so the session converts "venue ms until the close" into wall ms to sleep.
import { timeframeToMs } from '../core/exchange/timeframe';

export interface CandleClock {
  /** The venue's time when it was read (UTC ms). */
  venueNowMs: number;
  /** Close (= next open) of the most recent candle that has closed; 0 before the first one. */
  lastClosedMs: number;
  /** Close of the candle forming now. */
  nextCloseMs: number;
  /** Venue ms per wall ms: 1 for real venues, the sim speed for `sim`. */
  speed: number;
  /** Wall ms until nextCloseMs, at the measured speed. */
  wallMsUntilNext: number;
}

/** Candles are aligned to multiples of the timeframe since the epoch (ccxt's convention, and the sim's). */
export function candleClock(venueNowMs: number, timeframe: string, speed: number): CandleClock {
  if (!Number.isFinite(venueNowMs) || venueNowMs < 0)
    throw new RangeError(`venue time must be a non-negative number of ms, got ${venueNowMs}`);
  if (!(speed > 0)) throw new RangeError(`clock speed must be positive, got ${speed}`);
  const tf = timeframeToMs(timeframe);
  const lastClosedMs = Math.floor(venueNowMs / tf) * tf;
  const nextCloseMs = lastClosedMs + tf;
  return {
    venueNowMs,
    lastClosedMs,
    nextCloseMs,
    speed,
    wallMsUntilNext: Math.ceil((nextCloseMs - venueNowMs) / speed),
  };
}

/**
 * Estimates a venue clock's rate from two observations (wall, venue) taken some time apart. The
 * longer the baseline the better, so callers keep the first observation and compare later ones to it.
 */
export class ClockRate {
  private first?: { wall: number; venue: number };

  observe(wall: number, venue: number): number | undefined {
    if (!this.first) {
      this.first = { wall, venue };
      return undefined;
    }
    const dWall = wall - this.first.wall;
    if (dWall < 20) return undefined;
    const rate = (venue - this.first.venue) / dWall;
    return rate > 0 ? rate : undefined;
  }
}
