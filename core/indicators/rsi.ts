import { assertPeriod, outputArray, type Indicator } from './indicator';

/**
 * Relative strength index with Wilder smoothing (TA-Lib): the first value, at index N, averages the
 * first N gains and losses; later ones smooth with (prev×(N−1)+x)/N. 0 when price never moved.
 */
export class Rsi implements Indicator {
  private count = 0;
  private prev = NaN;
  private gain = 0;
  private loss = 0;
  value = NaN;

  constructor(readonly period: number) {
    assertPeriod('RSI period', period);
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(x: number): number {
    const n = this.period;
    if (this.count > 0) {
      const d = x - this.prev;
      const g = d > 0 ? d : 0;
      const l = d < 0 ? -d : 0;
      if (this.count <= n) {
        this.gain += g;
        this.loss += l;
        if (this.count === n) {
          this.gain /= n;
          this.loss /= n;
        }
      } else {
        this.gain = (this.gain * (n - 1) + g) / n;
        this.loss = (this.loss * (n - 1) + l) / n;
      }
      if (this.count >= n) {
        const total = this.gain + this.loss;
        this.value = total !== 0 ? (100 * this.gain) / total : 0;
      }
    }
    this.prev = x;
    this.count++;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.prev = NaN;
    this.gain = 0;
    this.loss = 0;
    this.value = NaN;
  }
}

/** `into`: see outputArray. */
export function rsi(src: ArrayLike<number>, period: number, into?: Float64Array): Float64Array {
  assertPeriod('RSI period', period);
  const n = src.length;
  const out = outputArray(n, period, into);
  if (n <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = src[i] - src[i - 1];
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  out[period] = gain + loss !== 0 ? (100 * gain) / (gain + loss) : 0;
  for (let i = period + 1; i < n; i++) {
    const d = src[i] - src[i - 1];
    gain = (gain * (period - 1) + (d > 0 ? d : 0)) / period;
    loss = (loss * (period - 1) + (d < 0 ? -d : 0)) / period;
    out[i] = gain + loss !== 0 ? (100 * gain) / (gain + loss) : 0;
  }
  return out;
}
