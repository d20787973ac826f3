import { assertPeriod, nanArray, type Indicator } from './indicator';

export interface BollingerSeries {
  middle: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
}

// Two-pass mean/variance over the window: the running sum-of-squares shortcut loses precision on
// prices in the tens of thousands with small moves.
function windowStats(buf: ArrayLike<number>, from: number, period: number, ring: boolean): [number, number] {
  let sum = 0;
  for (let j = 0; j < period; j++) sum += buf[ring ? j : from + j];
  const mean = sum / period;
  let sq = 0;
  for (let j = 0; j < period; j++) {
    const d = buf[ring ? j : from + j] - mean;
    sq += d * d;
  }
  return [mean, Math.sqrt(sq / period)];
}

/** Bollinger Bands: SMA middle ± k population standard deviations; first value at index N−1. */
export class Bollinger implements Indicator {
  private readonly ring: Float64Array;
  private count = 0;
  value = NaN;
  upper = NaN;
  lower = NaN;

  constructor(
    readonly period = 20,
    readonly k = 2,
  ) {
    assertPeriod('Bollinger period', period);
    if (!(k > 0)) throw new RangeError(`Bollinger k must be positive, got ${k}`);
    this.ring = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    this.ring[this.count % this.period] = x;
    this.count++;
    if (this.count >= this.period) {
      const [mean, sd] = windowStats(this.ring, 0, this.period, true);
      this.value = mean;
      this.upper = mean + this.k * sd;
      this.lower = mean - this.k * sd;
    }
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.value = this.upper = this.lower = NaN;
  }
}

export function bollinger(src: ArrayLike<number>, period = 20, k = 2): BollingerSeries {
  assertPeriod('Bollinger period', period);
  if (!(k > 0)) throw new RangeError(`Bollinger k must be positive, got ${k}`);
  const n = src.length;
  const out: BollingerSeries = { middle: nanArray(n), upper: nanArray(n), lower: nanArray(n) };
  for (let i = period - 1; i < n; i++) {
    const [mean, sd] = windowStats(src, i - period + 1, period, false);
    out.middle[i] = mean;
    out.upper[i] = mean + k * sd;
    out.lower[i] = mean - k * sd;
  }
  return out;
}
