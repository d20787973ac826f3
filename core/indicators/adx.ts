import { assertPeriod, nanArray, type CandleInput, type Indicator } from './indicator';
import { trueRange as importedTrueRange } from './true-range';

// A module-level alias: an imported binding compiles to a getter call on every use in the loop.
const trueRange = importedTrueRange;

const ZERO = 1e-14; // TA-Lib's TA_IS_ZERO threshold

/**
 * Average directional index, following TA-Lib's ADX step by step: +DM/−DM/TR summed over the first
 * N−1 moves, then Wilder-smoothed; the first ADX (index 2N−1) is the mean of N DX values; later
 * ones are Wilder-smoothed. A candle with zero smoothed range leaves the ADX unchanged.
 */
export class Adx implements Indicator<CandleInput> {
  private count = 0;
  private prevHigh = NaN;
  private prevLow = NaN;
  private prevClose = NaN;
  private plusDM = 0;
  private minusDM = 0;
  private tr = 0;
  private sumDX = 0;
  value = NaN;
  plusDI = NaN;
  minusDI = NaN;

  constructor(readonly period = 14) {
    assertPeriod('ADX period', period);
  }

  get isReady(): boolean {
    return this.count >= 2 * this.period;
  }

  update(c: CandleInput): number {
    const n = this.period;
    const i = this.count++;
    if (i > 0) {
      const diffP = c.high - this.prevHigh;
      const diffM = this.prevLow - c.low;
      const tr = trueRange(c.high, c.low, this.prevClose);
      if (i >= n) {
        this.minusDM -= this.minusDM / n;
        this.plusDM -= this.plusDM / n;
        this.tr = this.tr - this.tr / n + tr;
      } else {
        this.tr += tr;
      }
      if (diffM > 0 && diffP < diffM) this.minusDM += diffM;
      else if (diffP > 0 && diffP > diffM) this.plusDM += diffP;
      if (i >= n) this.step(i);
    }
    this.prevHigh = c.high;
    this.prevLow = c.low;
    this.prevClose = c.close;
    return this.value;
  }

  private step(i: number): void {
    const n = this.period;
    let dx = NaN;
    if (Math.abs(this.tr) >= ZERO) {
      const minusDI = (100 * this.minusDM) / this.tr;
      const plusDI = (100 * this.plusDM) / this.tr;
      this.minusDI = minusDI;
      this.plusDI = plusDI;
      const sum = minusDI + plusDI;
      if (Math.abs(sum) >= ZERO) dx = (100 * Math.abs(minusDI - plusDI)) / sum;
    }
    const defined = dx === dx;
    if (i < 2 * n - 1) {
      if (defined) this.sumDX += dx;
    } else if (i === 2 * n - 1) {
      this.value = (this.sumDX + (defined ? dx : 0)) / n;
    } else if (defined) {
      this.value = (this.value * (n - 1) + dx) / n;
    }
  }

  reset(): void {
    this.count = 0;
    this.prevHigh = this.prevLow = this.prevClose = NaN;
    this.plusDM = this.minusDM = this.tr = this.sumDX = 0;
    this.value = this.plusDI = this.minusDI = NaN;
  }
}

export function adx(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  period = 14,
): Float64Array {
  const ind = new Adx(period);
  const n = close.length;
  const out = nanArray(n);
  const c = { high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < n; i++) {
    c.high = high[i];
    c.low = low[i];
    c.close = close[i];
    out[i] = ind.update(c);
  }
  return out;
}
