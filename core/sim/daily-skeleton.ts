// The generated history's daily skeleton: one sequential step per day (regime, the day's open and
// close in log price, open interest at the open), cheap enough to run from the series start to any
// day and kept once computed. Day d depends only on the options and days before it.
import { gaussian, seededRng, type Rng } from './rng';
import { nextRegime, SIM_REGIMES, type SimRegime } from './sim-regimes';

export interface DailySkeletonOptions {
  seed: number;
  startPrice: number;
  /** Open interest (base units) the series starts at and drifts back toward. */
  baseOpenInterest: number;
  /** Scales every regime's drift and volatility (an altcoin moves more than BTC). Default 1. */
  volatility?: number;
  regimes?: readonly SimRegime[];
  /** Pull of the daily drift toward the start price in log space, per day. Default 0.006. */
  meanReversion?: number;
}

export interface SkeletonDay {
  regime: SimRegime;
  /** Log price at the day's first candle open. */
  openLog: number;
  /** Log price at the day's last candle close (= the next day's openLog). */
  closeLog: number;
  /** The day's standard deviation of log return (regime × asset scale). */
  volatility: number;
  /** Log open interest at the day's open and at its close. */
  oiOpenLog: number;
  oiCloseLog: number;
}

export class DailySkeleton {
  private readonly rng: Rng;
  readonly regimes: readonly SimRegime[];
  private readonly scale: number;
  private readonly kappa: number;
  private readonly logStart: number;
  private readonly logOi: number;
  private regimeOf = new Uint8Array(256);
  /** openLog[d] for d in [0, days]: one more entry than regimes, so day d's close is openLog[d + 1]. */
  private priceLog = new Float64Array(257);
  private oiLog = new Float64Array(257);
  private days = 0;

  constructor(opts: DailySkeletonOptions) {
    if (!(opts.startPrice > 0)) throw new RangeError(`startPrice must be positive, got ${opts.startPrice}`);
    if (!(opts.baseOpenInterest > 0))
      throw new RangeError(`baseOpenInterest must be positive, got ${opts.baseOpenInterest}`);
    this.regimes = opts.regimes ?? SIM_REGIMES;
    if (this.regimes.length === 0 || this.regimes.length > 255) throw new RangeError('1..255 regimes are needed');
    this.rng = seededRng(opts.seed);
    this.scale = opts.volatility ?? 1;
    this.kappa = opts.meanReversion ?? 0.006;
    this.logStart = Math.log(opts.startPrice);
    this.logOi = Math.log(opts.baseOpenInterest);
    this.priceLog[0] = this.logStart;
    this.oiLog[0] = this.logOi;
  }

  /** Days computed so far (the skeleton grows only as far as it is asked). */
  get length(): number {
    return this.days;
  }

  day(d: number): SkeletonDay {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`day must be a non-negative integer, got ${d}`);
    this.extendTo(d + 1);
    const regime = this.regimes[this.regimeOf[d]];
    return {
      regime,
      openLog: this.priceLog[d],
      closeLog: this.priceLog[d + 1],
      volatility: regime.volatility * this.scale,
      oiOpenLog: this.oiLog[d],
      oiCloseLog: this.oiLog[d + 1],
    };
  }

  private extendTo(days: number): void {
    if (days <= this.days) return;
    if (days > this.regimeOf.length) {
      const size = Math.max(days, this.regimeOf.length * 2);
      const regimes = new Uint8Array(size);
      regimes.set(this.regimeOf);
      const price = new Float64Array(size + 1);
      price.set(this.priceLog);
      const oi = new Float64Array(size + 1);
      oi.set(this.oiLog);
      this.regimeOf = regimes;
      this.priceLog = price;
      this.oiLog = oi;
    }
    const rng = this.rng;
    for (let d = this.days; d < days; d++) {
      // Day 0 starts in a quiet range; every day draws the same number of variates.
      const stay = rng();
      const pick = rng();
      const current =
        d === 0
          ? Math.max(
              0,
              this.regimes.findIndex((r) => r.name === 'range'),
            )
          : this.regimeOf[d - 1];
      const index = d === 0 ? current : nextRegime(this.regimes, current, stay, pick);
      this.regimeOf[d] = index;
      const r = this.regimes[index];
      const tail = rng() < 0.05 ? 1.8 : 1;
      const z = gaussian(rng) * tail;
      const zOi = gaussian(rng);
      const open = this.priceLog[d];
      const ret = this.scale * (r.drift + r.volatility * z) - this.kappa * (open - this.logStart);
      this.priceLog[d + 1] = open + ret;
      const oi = this.oiLog[d];
      this.oiLog[d + 1] = oi + r.oiDrift + 0.3 * ret + 0.03 * zOi - 0.02 * (oi - this.logOi);
    }
    this.days = days;
  }
}
