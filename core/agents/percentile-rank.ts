/** Share of the finite values in `values[from..to)` that are <= `value`: 0..1, NaN when none are finite. */
export function percentileRank(values: ArrayLike<number>, value: number, from: number, to: number): number {
  let count = 0;
  let below = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    count++;
    if (v <= value) below++;
  }
  return count === 0 ? NaN : below / count;
}
