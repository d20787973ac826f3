import { assertPeriod, nanArray, type Indicator } from './indicator';

/** Linearly weighted moving average (weights 1..N, newest heaviest); first value at index N-1. */
export class Wma implements Indicator {
  private readonly ring: Float64Array;
  private readonly divisor: number;
  private count = 0;
  private sum = 0;
  private weighted = 0;
  value = NaN;

  constructor(readonly period: number) {
    assertPeriod('WMA period', period);
    this.ring = new Float64Array(period);
    this.divisor = (period * (period + 1)) / 2;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    const n = this.period;
    const slot = this.count % n;
    if (this.count < n) {
      this.weighted += (this.count + 1) * x;
      this.sum += x;
    } else {
      // Shifting the window lowers every old weight by one (minus the old sum) and drops the oldest.
      this.weighted += n * x - this.sum;
      this.sum += x - this.ring[slot];
    }
    this.ring[slot] = x;
    this.count++;
    if (this.count >= n) this.value = this.weighted / this.divisor;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.weighted = 0;
    this.value = NaN;
  }
}

export function wma(src: ArrayLike<number>, period: number): Float64Array {
  assertPeriod('WMA period', period);
  const n = src.length;
  const out = nanArray(n);
  const divisor = (period * (period + 1)) / 2;
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    const x = src[i];
    if (i < period) {
      weighted += (i + 1) * x;
      sum += x;
    } else {
      weighted += period * x - sum;
      sum += x - src[i - period];
    }
    if (i >= period - 1) out[i] = weighted / divisor;
  }
  return out;
}
