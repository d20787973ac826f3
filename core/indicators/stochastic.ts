import { Sma } from './sma';
import { assertPeriod, nanArray, type CandleInput, type Indicator } from './indicator';

export interface StochasticSeries {
  k: Float64Array;
  d: Float64Array;
}

/**
 * Slow stochastic as TA-Lib's STOCH with SMA smoothing: fast %K over `kPeriod` candles
 * (0 when the range is flat), %K = SMA(fast %K, kSmooth), %D = SMA(%K, dPeriod). Both outputs
 * begin at index kPeriod + kSmooth + dPeriod − 3.
 */
export class Stochastic implements Indicator<CandleInput> {
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private readonly kSma: Sma;
  private readonly dSma: Sma;
  private count = 0;
  value = NaN;
  d = NaN;

  constructor(
    readonly kPeriod = 14,
    readonly kSmooth = 3,
    readonly dPeriod = 3,
  ) {
    assertPeriod('Stochastic %K period', kPeriod);
    assertPeriod('Stochastic %K smoothing', kSmooth);
    assertPeriod('Stochastic %D period', dPeriod);
    this.highs = new Float64Array(kPeriod);
    this.lows = new Float64Array(kPeriod);
    this.kSma = new Sma(kSmooth);
    this.dSma = new Sma(dPeriod);
  }

  get isReady(): boolean {
    return this.dSma.isReady;
  }

  update(c: CandleInput): number {
    const slot = this.count % this.kPeriod;
    this.highs[slot] = c.high;
    this.lows[slot] = c.low;
    this.count++;
    if (this.count < this.kPeriod) return this.value;
    let hh = -Infinity;
    let ll = Infinity;
    for (let j = 0; j < this.kPeriod; j++) {
      if (this.highs[j] > hh) hh = this.highs[j];
      if (this.lows[j] < ll) ll = this.lows[j];
    }
    const range = hh - ll;
    const fastK = range > 0 ? (100 * (c.close - ll)) / range : 0;
    const k = this.kSma.update(fastK);
    if (this.kSma.isReady) {
      const d = this.dSma.update(k);
      if (this.dSma.isReady) {
        this.value = k;
        this.d = d;
      }
    }
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.kSma.reset();
    this.dSma.reset();
    this.value = this.d = NaN;
  }
}

export function stochastic(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  kPeriod = 14,
  kSmooth = 3,
  dPeriod = 3,
): StochasticSeries {
  const ind = new Stochastic(kPeriod, kSmooth, dPeriod);
  const n = close.length;
  const out: StochasticSeries = { k: nanArray(n), d: nanArray(n) };
  const c = { high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < n; i++) {
    c.high = high[i];
    c.low = low[i];
    c.close = close[i];
    out.k[i] = ind.update(c);
    out.d[i] = ind.d;
  }
  return out;
}
