// The trailing stop's ratchet, one rule for every place that keeps such a stop (the backtest
// engine, the paper venue's trailing order, a session that manages the stop itself), so a trailing
// exit backtested is the exit paper and live trading take.
import { DomainError, ValidationError } from '../errors';

/** The largest distance accepted: beyond it the "stop" would sit further away than most moves it is meant to cut. */
export const MAX_TRAILING_STOP_PCT = 50;

/**
 * The stop after the price reached `extreme` (the highest high for a long, the lowest low for a
 * short, since the level was last set): `distancePct` percent behind the extreme, and never looser
 * than `previousStop` — a long's stop only rises, a short's only falls. A NaN `previousStop` (no
 * level yet) yields the level from the extreme alone.
 */
export function trailingStopLevel(
  side: 'long' | 'short',
  previousStop: number,
  extreme: number,
  distancePct: number,
): number {
  if (side === 'long') {
    const level = extreme * (1 - distancePct / 100);
    return level > previousStop || previousStop !== previousStop ? level : previousStop;
  }
  const level = extreme * (1 + distancePct / 100);
  return level < previousStop || previousStop !== previousStop ? level : previousStop;
}

/** Throws unless `pct` is a usable trailing distance: a trailing stop with no (or a negative) distance would exit at once. */
export function assertTrailingDistance(pct: number, field = 'trailingStopPct'): void {
  if (typeof pct !== 'number' || !(pct > 0 && pct <= MAX_TRAILING_STOP_PCT)) {
    throw new ValidationError(
      `${field} must be a percentage > 0 and <= ${MAX_TRAILING_STOP_PCT} (the distance the stop trails the best price by), got ${String(pct)}`,
      { field, hint: `e.g. ${field} 2 keeps the stop 2 % behind the best price since entry` },
    );
  }
}

/** `--trailing-stop <pct>` as typed: an empty or non-numeric value is refused like 0 is, in the flag's name. */
export function trailingStopFlag(raw: string): number {
  const pct = raw.trim() === '' ? NaN : Number(raw);
  try {
    assertTrailingDistance(pct);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw new ValidationError(`--trailing-stop: ${e.message.replace(/got NaN$/, `got "${raw}"`)}`, {
      field: 'trailingStopPct',
      hint: e.hint,
      cause: e,
    });
  }
  return pct;
}
