// The sim market's clock. Simulated time is a pure function of wall time and a stored anchor,
// so every process (a restarted worker, the CLI, the gateway) reads the same clock.
export interface SimClockConfig {
  /** Wall-clock ms when the simulation started. */
  wallStart: number;
  /** Simulated ms at wallStart (the first candle's open). */
  simStart: number;
  /** Simulated ms per wall ms: 60 replays one 1m candle per second. */
  speed: number;
  /** Simulated time stops here (end of a replayed file); undefined = runs forever. */
  simEnd?: number;
}

export function assertClockConfig(c: SimClockConfig): void {
  for (const k of ['wallStart', 'simStart', 'speed'] as const) {
    if (!Number.isFinite(c[k])) throw new RangeError(`sim clock ${k} must be a finite number, got ${c[k]}`);
  }
  if (!(c.speed > 0)) throw new RangeError(`sim speed must be positive, got ${c.speed}`);
}

export function simTimeAt(c: SimClockConfig, wallNow: number): number {
  const t = c.simStart + Math.max(0, wallNow - c.wallStart) * c.speed;
  return Math.floor(c.simEnd === undefined ? t : Math.min(t, c.simEnd));
}

/** Number of candles of the base series that have closed at simulated time t. */
export function closedCandleCount(simStart: number, timeframeMs: number, t: number): number {
  return Math.max(0, Math.floor((t - simStart) / timeframeMs));
}
