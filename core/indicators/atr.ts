import { assertPeriod, outputArray, type CandleInput, type Indicator } from './indicator';
import { trueRange as importedTrueRange } from './true-range';

// A module-level alias: an imported binding compiles to a getter call on every use in the loop.
const trueRange = importedTrueRange;

/**
 * Average true range, TA-Lib: true ranges start at the second candle; the first ATR (index N) is
 * their plain mean over N candles, later ones use Wilder smoothing.
 */
export class Atr implements Indicator<CandleInput> {
  private count = 0;
  private prevClose = NaN;
  private sum = 0;
  value = NaN;

  constructor(readonly period: number) {
    assertPeriod('ATR period', period);
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(c: CandleInput): number {
    const n = this.period;
    if (this.count > 0) {
      const tr = trueRange(c.high, c.low, this.prevClose);
      if (this.count < n) this.sum += tr;
      else if (this.count === n) this.value = (this.sum + tr) / n;
      else this.value = (this.value * (n - 1) + tr) / n;
    }
    this.prevClose = c.close;
    this.count++;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.prevClose = NaN;
    this.sum = 0;
    this.value = NaN;
  }
}

export function atr(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  period: number,
  into?: Float64Array,
): Float64Array {
  assertPeriod('ATR period', period);
  const n = close.length;
  const out = outputArray(n, period, into);
  if (n <= period) return out;
  let sum = 0;
  for (let i = 1; i <= period; i++) sum += trueRange(high[i], low[i], close[i - 1]);
  let a = sum / period;
  out[period] = a;
  for (let i = period + 1; i < n; i++) {
    a = (a * (period - 1) + trueRange(high[i], low[i], close[i - 1])) / period;
    out[i] = a;
  }
  return out;
}
