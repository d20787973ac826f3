/** The first index in times[0, n) whose value is >= `value` (n when none): a binary search of sorted times. */
export function firstIndexAtOrAfter(times: Float64Array, value: number, n: number = times.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
