// Geometric random walk with Markov regime switching: trending up, trending down, quiet ranges and
// volatile stretches, so strategies meet more than one kind of market.
import { allocateCandleSeries, type CandleSeries } from '../candles';
import { gaussian, seededRng, type Rng } from './rng';

export interface Regime {
  name: string;
  /** Mean log return per candle. */
  drift: number;
  /** Standard deviation of the log return per candle. */
  volatility: number;
  /** Chance per candle of leaving this regime. */
  switchProbability: number;
  /** Volume multiplier. */
  activity: number;
}

export const DEFAULT_REGIMES: Regime[] = [
  { name: 'bull', drift: 0.00004, volatility: 0.0012, switchProbability: 0.002, activity: 1.2 },
  { name: 'bear', drift: -0.00004, volatility: 0.0015, switchProbability: 0.002, activity: 1.4 },
  { name: 'range', drift: 0, volatility: 0.0007, switchProbability: 0.003, activity: 0.8 },
  { name: 'volatile', drift: 0, volatility: 0.003, switchProbability: 0.01, activity: 2 },
];

export interface RandomWalkOptions {
  seed: number;
  startTime: number;
  timeframeMs: number;
  count: number;
  startPrice: number;
  /** Mean base volume per candle. */
  baseVolume?: number;
  regimes?: Regime[];
  /** Price steps simulated inside each candle to form its high and low. */
  substeps?: number;
}

/** A walk you can extend candle by candle: candle i depends only on the options, never on when it is asked for. */
export class RandomWalk {
  private readonly rng: Rng;
  private readonly regimes: Regime[];
  private regime = 0;
  private price: number;
  private produced = 0;

  constructor(private readonly opts: Omit<RandomWalkOptions, 'count'>) {
    if (!(opts.startPrice > 0)) throw new RangeError(`startPrice must be positive, got ${opts.startPrice}`);
    if (!(opts.timeframeMs > 0)) throw new RangeError(`timeframeMs must be positive, got ${opts.timeframeMs}`);
    this.rng = seededRng(opts.seed);
    this.regimes = opts.regimes ?? DEFAULT_REGIMES;
    if (this.regimes.length === 0) throw new RangeError('at least one regime is needed');
    this.price = opts.startPrice;
  }

  /** Appends the next `count` candles into `out` starting at index `offset`. */
  fill(out: CandleSeries, offset: number, count: number): void {
    const substeps = this.opts.substeps ?? 8;
    const baseVolume = this.opts.baseVolume ?? 100;
    for (let k = 0; k < count; k++) {
      if (this.regimes.length > 1 && this.rng() < this.regimes[this.regime].switchProbability) {
        const shift = 1 + Math.floor(this.rng() * (this.regimes.length - 1));
        this.regime = (this.regime + shift) % this.regimes.length;
      }
      const r = this.regimes[this.regime];
      const open = this.price;
      let high = open;
      let low = open;
      let p = open;
      const stepVol = r.volatility / Math.sqrt(substeps);
      const stepDrift = r.drift / substeps;
      for (let s = 0; s < substeps; s++) {
        p *= Math.exp(stepDrift - (stepVol * stepVol) / 2 + stepVol * gaussian(this.rng));
        if (p > high) high = p;
        if (p < low) low = p;
      }
      const i = offset + k;
      out.time[i] = this.opts.startTime + (this.produced + k) * this.opts.timeframeMs;
      out.open[i] = open;
      out.high[i] = high;
      out.low[i] = low;
      out.close[i] = p;
      const move = Math.abs(Math.log(p / open)) / r.volatility;
      out.volume[i] = baseVolume * r.activity * (0.5 + this.rng()) * (1 + 0.5 * move);
      this.price = p;
    }
    this.produced += count;
  }
}

export function generateRandomWalk(opts: RandomWalkOptions): CandleSeries {
  if (!Number.isInteger(opts.count) || opts.count < 0)
    throw new RangeError(`count must be a non-negative integer, got ${opts.count}`);
  const out = allocateCandleSeries(opts.count);
  new RandomWalk(opts).fill(out, 0, opts.count);
  return out;
}
