import { Atr } from './atr';
import { nanArray, type CandleInput, type Indicator } from './indicator';

export interface SupertrendSeries {
  line: Float64Array;
  /** +1 up-trend (line is the lower band), −1 down-trend (line is the upper band), NaN before ready. */
  direction: Float64Array;
}

/**
 * SuperTrend in TradingView's formulation over a Wilder ATR (TA-Lib ATR, first value at index N):
 * bands hl2 ± m×ATR that only tighten while the previous close stays inside them; the trend flips
 * when the close crosses the previous opposite band. Starts up-trend at the first ATR.
 */
export class Supertrend implements Indicator<CandleInput> {
  private readonly atr: Atr;
  private up = NaN;
  private down = NaN;
  private prevClose = NaN;
  direction = NaN;
  value = NaN;

  constructor(
    readonly period = 10,
    readonly multiplier = 3,
  ) {
    if (!(multiplier > 0)) throw new RangeError(`SuperTrend multiplier must be positive, got ${multiplier}`);
    this.atr = new Atr(period);
  }

  get isReady(): boolean {
    return this.atr.isReady;
  }

  update(c: CandleInput): number {
    const a = this.atr.update(c);
    if (this.atr.isReady) {
      const hl2 = (c.high + c.low) / 2;
      let up = hl2 - this.multiplier * a;
      let down = hl2 + this.multiplier * a;
      if (this.direction !== this.direction) {
        this.direction = 1;
      } else {
        const up1 = this.up;
        const down1 = this.down;
        if (this.prevClose > up1 && up1 > up) up = up1;
        if (this.prevClose < down1 && down1 < down) down = down1;
        if (this.direction === -1 && c.close > down1) this.direction = 1;
        else if (this.direction === 1 && c.close < up1) this.direction = -1;
      }
      this.up = up;
      this.down = down;
      this.value = this.direction === 1 ? up : down;
    }
    this.prevClose = c.close;
    return this.value;
  }

  reset(): void {
    this.atr.reset();
    this.up = this.down = this.prevClose = NaN;
    this.direction = this.value = NaN;
  }
}

export function supertrend(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  period = 10,
  multiplier = 3,
): SupertrendSeries {
  const ind = new Supertrend(period, multiplier);
  const n = close.length;
  const out: SupertrendSeries = { line: nanArray(n), direction: nanArray(n) };
  const c = { high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < n; i++) {
    c.high = high[i];
    c.low = low[i];
    c.close = close[i];
    out.line[i] = ind.update(c);
    out.direction[i] = ind.direction;
  }
  return out;
}
