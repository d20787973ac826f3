// Charts need at most a few thousand points: a series is cut into consecutive buckets, each shown
// as one point at its bucket's start, so lines and the OHLC bars bucketed in SQL line up.
/** Bucket boundaries: `n` items into at most `max` consecutive, nearly equal buckets. */
export function buckets(n: number, max: number): Array<[start: number, end: number]> {
  const count = Math.min(n, Math.max(1, max));
  const out: Array<[number, number]> = [];
  for (let b = 0; b < count; b++) {
    // The same partition as SQL's floor(i × count / n) (api/data/candle-buckets.ts), so bars and equity points line up.
    const start = Math.ceil((b * n) / count);
    const end = Math.ceil(((b + 1) * n) / count);
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** One point per bucket at the bucket's start time: its last value, or its lowest (drawdowns: the deepest one survives). */
export function downsampleLine(
  time: ArrayLike<number>,
  values: ArrayLike<number>,
  length: number,
  max: number,
  keep: 'last' | 'min' = 'last',
): Array<{ time: number; value: number }> {
  return buckets(length, max).map(([a, b]) => {
    if (keep === 'last') return { time: time[a], value: values[b - 1] };
    let min = Infinity;
    for (let i = a; i < b; i++) if (values[i] < min) min = values[i];
    return { time: time[a], value: min };
  });
}
