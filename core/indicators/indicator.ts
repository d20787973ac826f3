/** The candle fields that range/volume indicators read (a `Candle` satisfies it). */
export interface CandleInput {
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * The streaming contract every indicator follows: feed one value (or candle) at a time in time
 * order; `value` is NaN until `isReady`. `update` returns the new `value`.
 * Batch functions beside each indicator produce the same numbers over a whole Float64Array.
 */
export interface Indicator<In = number> {
  update(input: In): number;
  readonly value: number;
  readonly isReady: boolean;
  reset(): void;
}

export function assertPeriod(name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

export function nanArray(length: number): Float64Array {
  return new Float64Array(length).fill(NaN);
}

/**
 * The output array of a batch indicator: `into` when given (it must have the series' length), else a
 * new one. Only the candles before `first` are set to NaN here, as the indicator writes the rest —
 * so a reused buffer holds exactly what a fresh one would. Callers that run an indicator on every
 * cycle (the market analyst) keep their buffers: a typed array per call cost more than the loop.
 * `into` must not be one of the indicator's inputs.
 */
export function outputArray(length: number, first: number, into?: Float64Array): Float64Array {
  if (!into) return nanArray(length);
  if (into.length !== length)
    throw new RangeError(`output buffer length ${into.length} differs from the series length ${length}`);
  into.fill(NaN, 0, Math.min(Math.max(first, 0), length));
  return into;
}
