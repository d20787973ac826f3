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
