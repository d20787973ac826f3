import { type CandleInput, type Indicator } from './indicator';

/** On-balance volume (TA-Lib): starts at the first candle's volume; ready from the first candle. */
export class Obv implements Indicator<CandleInput> {
  private prevClose = NaN;
  value = NaN;

  get isReady(): boolean {
    return this.value === this.value;
  }

  update(c: CandleInput): number {
    if (this.value !== this.value) this.value = c.volume;
    else if (c.close > this.prevClose) this.value += c.volume;
    else if (c.close < this.prevClose) this.value -= c.volume;
    this.prevClose = c.close;
    return this.value;
  }

  reset(): void {
    this.prevClose = NaN;
    this.value = NaN;
  }
}

export function obv(close: ArrayLike<number>, volume: ArrayLike<number>): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let v = volume[0];
  out[0] = v;
  for (let i = 1; i < n; i++) {
    if (close[i] > close[i - 1]) v += volume[i];
    else if (close[i] < close[i - 1]) v -= volume[i];
    out[i] = v;
  }
  return out;
}
