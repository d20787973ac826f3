/** At most `max` points of a curve for the dashboard: evenly spaced, always keeping the last. */
export function downsampleCurve(time: Float64Array, equity: Float64Array, max: number): { time: number; equity: number }[] {
  const n = equity.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.ceil(n / max));
  const out: { time: number; equity: number }[] = [];
  for (let i = 0; i < n; i += step) out.push({ time: time[i], equity: equity[i] });
  if ((n - 1) % step !== 0) out.push({ time: time[n - 1], equity: equity[n - 1] });
  return out;
}
