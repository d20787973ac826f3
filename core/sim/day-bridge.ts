// One day of base candles from its own rng, as a bridge between the skeleton's open and close: the
// increments e_i ~ N(0, σ_i) are shifted by (Σe + Σgaps − D)/n so the day ends exactly at its close,
// whatever was drawn. Volume follows the hour of the UTC day and rises with each candle's move.
import { allocateCandleSeries, type CandleSeries } from '../candles';
import type { Rng } from './rng';

export const DAY_MS = 86_400_000;

export interface DayBridgeInput {
  rng: Rng;
  /** Open time of the day's first candle. */
  dayStart: number;
  baseMs: number;
  openLog: number;
  closeLog: number;
  /** Standard deviation of the day's log return. */
  volatility: number;
  /** Mean volume of one base candle in an ordinary hour, before the regime's activity. */
  baseVolume: number;
  activity: number;
  /** Expected number of price jumps in the day. */
  gapsPerDay: number;
}

/** Relative activity by UTC hour: quiet Asian night, a European bump, the US session's peak. */
export function intradaySeason(time: number): number {
  const h = (((time % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
  const around = (c: number, w: number) => Math.exp(-((((h - c + 36) % 24) - 12) ** 2) / (2 * w * w));
  return 0.65 + 0.35 * around(8.5, 1.5) + 0.9 * around(15, 2.5);
}

interface SeasonTable {
  /** Activity of each candle of the day. */
  season: Float64Array;
  /** Each candle's share of the day's standard deviation: Σ share² = 1. */
  share: Float64Array;
}

// Every day of a series has the same candle times of day, so its season is computed once.
const seasons = new Map<string, SeasonTable>();

function seasonTable(dayStart: number, baseMs: number): SeasonTable {
  const key = `${baseMs}:${((dayStart % DAY_MS) + DAY_MS) % DAY_MS}`;
  let t = seasons.get(key);
  if (!t) {
    const n = DAY_MS / baseMs;
    const season = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      season[i] = intradaySeason(dayStart + i * baseMs);
      sum += season[i];
    }
    // Volatility follows activity too, normalised so the day's variance is the skeleton's.
    const share = season.map((x) => Math.sqrt(x / sum));
    t = { season, share };
    if (seasons.size > 64) seasons.clear();
    seasons.set(key, t);
  }
  return t;
}

/** Fills `out` with standard normals, two per Box–Muller draw. */
function normals(rng: Rng, out: Float64Array): void {
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(Math.max(rng(), Number.MIN_VALUE)));
    const a = 2 * Math.PI * rng();
    out[i] = r * Math.cos(a);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(a);
  }
}

export function generateDay(input: DayBridgeInput): CandleSeries {
  const { rng, baseMs } = input;
  if (!(baseMs > 0) || DAY_MS % baseMs !== 0)
    throw new RangeError(`the base timeframe must divide a day, got ${baseMs} ms`);
  const n = DAY_MS / baseMs;
  const out = allocateCandleSeries(n);
  const { season, share } = seasonTable(input.dayStart, baseMs);
  const sigma = new Float64Array(n);
  for (let i = 0; i < n; i++) sigma[i] = input.volatility * share[i];
  const e = new Float64Array(n);
  normals(rng, e);
  const gap = new Float64Array(n);
  let total = 0;
  const gapChance = input.gapsPerDay / n;
  for (let i = 0; i < n; i++) {
    e[i] *= sigma[i];
    // A jump never opens the day: the day's first open is the previous day's close.
    if (i > 0 && rng() < gapChance) gap[i] = input.volatility * 0.12 * (rng() < 0.5 ? -1 : 1) * (1 + rng());
    total += e[i] + gap[i];
  }
  const shift = (total - (input.closeLog - input.openLog)) / n;
  const dayMove = Math.abs(input.closeLog - input.openLog) / input.volatility;
  const dayFactor = 1 + 0.4 * Math.min(dayMove, 4);
  let level = input.openLog;
  let prevClose = Math.exp(input.openLog);
  for (let i = 0; i < n; i++) {
    const x = e[i] - shift;
    const openLevel = level + gap[i];
    level = openLevel + x;
    const open = gap[i] === 0 ? prevClose : Math.exp(openLevel);
    const close = i === n - 1 ? Math.exp(input.closeLog) : Math.exp(level);
    // Wicks beyond the body: exponential, about half a candle's standard deviation on average.
    const wick = sigma[i] * 0.5;
    out.time[i] = input.dayStart + i * baseMs;
    out.open[i] = open;
    out.close[i] = close;
    out.high[i] = Math.max(open, close) * Math.exp(-wick * Math.log(1 - rng()));
    out.low[i] = Math.min(open, close) * Math.exp(wick * Math.log(1 - rng()));
    const move = Math.abs(x + gap[i]) / sigma[i];
    out.volume[i] =
      input.baseVolume * input.activity * season[i] * dayFactor * (0.6 + 0.8 * rng()) * (1 + 0.6 * Math.min(move, 6));
    prevClose = close;
  }
  return out;
}
