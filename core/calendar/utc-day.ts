// The UTC day: what the daily PnL, the kill switch and the daily LLM budget are measured over.
export const DAY_MS = 86_400_000;

/** UTC midnight of the day `ms` falls in. */
export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
