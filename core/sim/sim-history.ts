// The generated sim market's history for one asset: random access, deterministic, from a fixed
// epoch. A cheap daily skeleton (regimes, each day's open and close) is computed sequentially once;
// each day's base candles come from an rng seeded by (seed, asset, day), so any window is produced
// from the days it covers, never from everything before it. Candle i never depends on when or in
// which order it is asked for.
import { allocateCandleSeries, type CandleSeries } from '../candles';
import { DailySkeleton, type SkeletonDay } from './daily-skeleton';
import { DAY_MS, generateDay } from './day-bridge';
import { hashString, mixSeed, seededRng } from './rng';
import type { SimRegime } from './sim-regimes';
import { syntheticFundingRate } from './synthesize';

/** Where the generated sim market's history begins: 2024-01-01T00:00:00Z. */
export const SIM_EPOCH = Date.UTC(2024, 0, 1);

const MINUTE = 60_000;
const FUNDING_INTERVAL_MS = 8 * 3_600_000;

export interface SimHistoryOptions {
  seed: number;
  /** The asset's name (BTC): part of every seed, so assets move differently. */
  asset: string;
  startPrice: number;
  /** Mean volume of a 1m candle in an ordinary hour; scaled to the base timeframe. */
  baseVolume: number;
  /** Open time of the first candle. Default SIM_EPOCH. */
  start?: number;
  /** Base candle spacing; must divide a day. Default 1m. */
  baseMs?: number;
  /** Scales the regimes' drift and volatility (default 1, BTC-like: 2–4 % a day). */
  volatility?: number;
  /** Open interest (base units) the series drifts around; default 1.5 days of base volume. */
  baseOpenInterest?: number;
  regimes?: readonly SimRegime[];
  /** Day blocks kept in memory. Default 64 (for 1m candles about 4.4 MB). */
  cacheDays?: number;
}

export class SimHistory {
  readonly start: number;
  readonly baseMs: number;
  /** Base candles per day. */
  readonly perDay: number;
  private readonly skeleton: DailySkeleton;
  private readonly daySeed: number;
  private readonly baseVolume: number;
  private readonly cacheDays: number;
  private readonly blocks = new Map<number, CandleSeries>();
  /** Day blocks generated so far (cache misses): how a test sees that a window cost only its days. */
  generatedDays = 0;

  constructor(opts: SimHistoryOptions) {
    this.start = opts.start ?? SIM_EPOCH;
    this.baseMs = opts.baseMs ?? MINUTE;
    if (!Number.isFinite(this.start)) throw new RangeError(`start must be a time in ms, got ${this.start}`);
    if (!(this.baseMs > 0) || DAY_MS % this.baseMs !== 0)
      throw new RangeError(`the base timeframe must divide a day, got ${this.baseMs} ms`);
    if (!(opts.baseVolume > 0)) throw new RangeError(`baseVolume must be positive, got ${opts.baseVolume}`);
    this.perDay = DAY_MS / this.baseMs;
    const assetSeed = mixSeed(opts.seed, hashString(opts.asset));
    this.daySeed = mixSeed(assetSeed, 0x5eed);
    this.baseVolume = (opts.baseVolume * this.baseMs) / MINUTE;
    this.cacheDays = Math.max(1, opts.cacheDays ?? 64);
    this.skeleton = new DailySkeleton({
      seed: assetSeed,
      startPrice: opts.startPrice,
      baseOpenInterest: opts.baseOpenInterest ?? opts.baseVolume * 1440 * 1.5,
      volatility: opts.volatility,
      regimes: opts.regimes,
    });
  }

  /** The skeleton of day d (day 0 begins at `start`). */
  day(d: number): SkeletonDay {
    return this.skeleton.day(d);
  }

  /** Index of the first candle opening at or after `time` (0 before the start). */
  indexAtOrAfter(time: number): number {
    return Math.max(0, Math.ceil((time - this.start) / this.baseMs));
  }

  /** Number of candles closed at time t. */
  closedCount(t: number): number {
    return Math.max(0, Math.floor((t - this.start) / this.baseMs));
  }

  /** The base candles of day d, generated on first use and kept in a small LRU. */
  dayBlock(d: number): CandleSeries {
    const hit = this.blocks.get(d);
    if (hit) {
      this.blocks.delete(d);
      this.blocks.set(d, hit);
      return hit;
    }
    const s = this.skeleton.day(d);
    const block = generateDay({
      rng: seededRng(mixSeed(this.daySeed, d)),
      dayStart: this.start + d * DAY_MS,
      baseMs: this.baseMs,
      openLog: s.openLog,
      closeLog: s.closeLog,
      volatility: s.volatility,
      baseVolume: this.baseVolume,
      activity: s.regime.activity,
      gapsPerDay: s.regime.gapsPerDay,
    });
    this.generatedDays += 1;
    this.blocks.set(d, block);
    if (this.blocks.size > this.cacheDays) this.blocks.delete(this.blocks.keys().next().value!);
    return block;
  }

  /** Base candles [from, to) as one series (a copy). */
  candles(from: number, to: number): CandleSeries {
    from = Math.max(0, Math.floor(from));
    to = Math.max(from, Math.floor(to));
    const out = allocateCandleSeries(to - from);
    let i = from;
    while (i < to) {
      const d = Math.floor(i / this.perDay);
      const k = i - d * this.perDay;
      const take = Math.min(this.perDay - k, to - i);
      const block = this.dayBlock(d);
      for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const)
        out[f].set(block[f].subarray(k, k + take), i - from);
      i += take;
    }
    return out;
  }

  /**
   * Candles of `targetMs` (a multiple of the base, aligned to UTC multiples of itself) built from base
   * candles [from, to), streaming over the day blocks: only complete buckets, as aggregateCandles.
   */
  aggregate(from: number, to: number, targetMs: number): [number, number, number, number, number, number][] {
    if (targetMs % this.baseMs !== 0)
      throw new RangeError(`timeframe ${targetMs} ms is not a multiple of the base ${this.baseMs} ms`);
    const factor = targetMs / this.baseMs;
    from = Math.max(0, Math.floor(from));
    to = Math.max(from, Math.floor(to));
    const rows: [number, number, number, number, number, number][] = [];
    let bucket = NaN;
    let count = 0;
    let open = 0;
    let high = 0;
    let low = 0;
    let close = 0;
    let volume = 0;
    const flush = () => {
      if (count === factor) rows.push([bucket, open, high, low, close, volume]);
    };
    let i = from;
    while (i < to) {
      const d = Math.floor(i / this.perDay);
      const block = this.dayBlock(d);
      const end = Math.min(this.perDay, to - d * this.perDay);
      for (let k = i - d * this.perDay; k < end; k++) {
        const t = block.time[k];
        const b = Math.floor(t / targetMs) * targetMs;
        if (b !== bucket) {
          flush();
          bucket = b;
          count = 0;
          open = block.open[k];
          high = -Infinity;
          low = Infinity;
          volume = 0;
        }
        if (block.high[k] > high) high = block.high[k];
        if (block.low[k] < low) low = block.low[k];
        close = block.close[k];
        volume += block.volume[k];
        count++;
      }
      i = d * this.perDay + end;
    }
    flush();
    return rows;
  }

  /** Funding per 8h once `closed` base candles have closed: from the last interval's trend. */
  fundingRate(closed: number): number {
    const window = Math.round(FUNDING_INTERVAL_MS / this.baseMs);
    return syntheticFundingRate(this.candles(closed - window, closed).close);
  }

  /**
   * Open interest (base units) at time t: the skeleton's daily levels interpolated in log space, moved
   * with the price's deviation from the day's straight line (longs add as price runs up) and a small
   * wiggle per 5-minute bucket. `price` is the price at t (the forming candle's last).
   */
  openInterestAt(t: number, price: number): number {
    const since = Math.max(0, t - this.start);
    const d = Math.floor(since / DAY_MS);
    const f = (since - d * DAY_MS) / DAY_MS;
    const s = this.skeleton.day(d);
    const line = s.openLog + f * (s.closeLog - s.openLog);
    const deviation = price > 0 ? Math.log(price) - line : 0;
    const bucket = Math.floor(since / 300_000);
    const wiggle = seededRng(mixSeed(this.daySeed ^ 0x01f1, bucket))() - 0.5;
    return Math.exp(s.oiOpenLog + f * (s.oiCloseLog - s.oiOpenLog) + 0.4 * deviation + 0.004 * wiggle);
  }
}
