import { assertPeriod, outputArray, type Indicator } from './indicator';

/** Exponential moving average, TA-Lib style: k = 2/(N+1), seeded with the SMA of the first N values. */
export class Ema implements Indicator {
  private readonly k: number;
  private count = 0;
  private seedSum = 0;
  value = NaN;

  constructor(readonly period: number) {
    assertPeriod('EMA period', period);
    this.k = 2 / (period + 1);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    this.count++;
    if (this.count < this.period) {
      this.seedSum += x;
    } else if (this.count === this.period) {
      this.value = (this.seedSum + x) / this.period;
    } else {
      this.value = (x - this.value) * this.k + this.value;
    }
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.value = NaN;
  }
}

/**
 * Batch EMA; values start at index `start + period - 1` where `start` is the first index fed
 * (TA-Lib's MACD starts its fast EMA late so both EMAs begin together). `into`: see outputArray.
 */
export function ema(src: ArrayLike<number>, period: number, start = 0, into?: Float64Array): Float64Array {
  assertPeriod('EMA period', period);
  const n = src.length;
  const first = start + period - 1;
  const out = outputArray(n, first, into);
  if (first >= n) return out;
  let sum = 0;
  for (let i = start; i <= first; i++) sum += src[i];
  let e = sum / period;
  out[first] = e;
  const k = 2 / (period + 1);
  for (let i = first + 1; i < n; i++) {
    e = (src[i] - e) * k + e;
    out[i] = e;
  }
  return out;
}
