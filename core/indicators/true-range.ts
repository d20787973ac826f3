/** Wilder's true range: the bar's range extended to the previous close. */
export function trueRange(high: number, low: number, prevClose: number): number {
  const hl = high - low;
  const hc = Math.abs(high - prevClose);
  const lc = Math.abs(low - prevClose);
  return hl > hc ? (hl > lc ? hl : lc) : hc > lc ? hc : lc;
}
