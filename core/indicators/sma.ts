import { assertPeriod, nanArray, type Indicator } from './indicator';

/** Simple moving average; first value at index period-1. */
export class Sma implements Indicator {
  private readonly ring: Float64Array;
  private count = 0;
  private sum = 0;
  value = NaN;

  constructor(readonly period: number) {
    assertPeriod('SMA period', period);
    this.ring = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    const slot = this.count % this.period;
    if (this.count >= this.period) this.sum -= this.ring[slot];
    this.ring[slot] = x;
    this.sum += x;
    this.count++;
    if (this.count >= this.period) this.value = this.sum / this.period;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.value = NaN;
  }
}

export function sma(src: ArrayLike<number>, period: number): Float64Array {
  assertPeriod('SMA period', period);
  const n = src.length;
  const out = nanArray(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += src[i];
    if (i >= period) sum -= src[i - period];
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}
