import { assertPeriod, nanArray, type CandleInput, type Indicator } from './indicator';

/**
 * Volume-weighted average of the typical price (h+l+c)/3. `period` 0 = cumulative from the first
 * candle; otherwise over the last `period` candles. NaN while the volume in the window is zero.
 * (Not a TA-Lib function; no session reset, since crypto trades around the clock.)
 */
export class Vwap implements Indicator<CandleInput> {
  private readonly pv: Float64Array;
  private readonly vol: Float64Array;
  private count = 0;
  private sumPV = 0;
  private sumV = 0;
  value = NaN;

  constructor(readonly period = 0) {
    if (period !== 0) assertPeriod('VWAP period', period);
    this.pv = new Float64Array(period);
    this.vol = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.value === this.value;
  }

  update(c: CandleInput): number {
    const pv = ((c.high + c.low + c.close) / 3) * c.volume;
    this.sumPV += pv;
    this.sumV += c.volume;
    if (this.period > 0) {
      const slot = this.count % this.period;
      if (this.count >= this.period) {
        this.sumPV -= this.pv[slot];
        this.sumV -= this.vol[slot];
      }
      this.pv[slot] = pv;
      this.vol[slot] = c.volume;
    }
    this.count++;
    const ready = this.period === 0 || this.count >= this.period;
    this.value = ready && this.sumV > 0 ? this.sumPV / this.sumV : NaN;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.sumPV = this.sumV = 0;
    this.value = NaN;
  }
}

export function vwap(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  period = 0,
): Float64Array {
  if (period !== 0) assertPeriod('VWAP period', period);
  const n = close.length;
  const out = nanArray(n);
  let sumPV = 0;
  let sumV = 0;
  for (let i = 0; i < n; i++) {
    sumPV += ((high[i] + low[i] + close[i]) / 3) * volume[i];
    sumV += volume[i];
    if (period > 0 && i >= period) {
      const j = i - period;
      sumPV -= ((high[j] + low[j] + close[j]) / 3) * volume[j];
      sumV -= volume[j];
    }
    if ((period === 0 || i >= period - 1) && sumV > 0) out[i] = sumPV / sumV;
  }
  return out;
}
