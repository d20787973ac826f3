import { Ema, ema } from './ema';
import { assertPeriod, nanArray, type Indicator } from './indicator';

export interface MacdSeries {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

function checkPeriods(fast: number, slow: number, signal: number): void {
  assertPeriod('MACD fast period', fast);
  assertPeriod('MACD slow period', slow);
  assertPeriod('MACD signal period', signal);
  if (fast >= slow) throw new RangeError(`MACD fast period (${fast}) must be below the slow period (${slow})`);
}

/**
 * MACD as TA-Lib computes it: the fast EMA is started late (seeded with the SMA of the `fast` values
 * ending where the slow EMA's seed ends) so both begin together; the signal is an EMA of the MACD
 * line seeded with the SMA of its first `signal` values. All three outputs begin at index
 * slow + signal − 2.
 */
export class Macd implements Indicator {
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;
  private count = 0;
  value = NaN;
  signal = NaN;
  histogram = NaN;

  constructor(
    readonly fast = 12,
    readonly slow = 26,
    readonly signalPeriod = 9,
  ) {
    checkPeriods(fast, slow, signalPeriod);
    this.fastEma = new Ema(fast);
    this.slowEma = new Ema(slow);
    this.signalEma = new Ema(signalPeriod);
  }

  get isReady(): boolean {
    return this.signalEma.isReady;
  }

  update(x: number): number {
    this.slowEma.update(x);
    if (this.count >= this.slow - this.fast) this.fastEma.update(x);
    this.count++;
    if (this.slowEma.isReady) {
      const line = this.fastEma.value - this.slowEma.value;
      this.signalEma.update(line);
      if (this.signalEma.isReady) {
        this.value = line;
        this.signal = this.signalEma.value;
        this.histogram = line - this.signal;
      }
    }
    return this.value;
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.count = 0;
    this.value = this.signal = this.histogram = NaN;
  }
}

export function macd(src: ArrayLike<number>, fast = 12, slow = 26, signal = 9): MacdSeries {
  checkPeriods(fast, slow, signal);
  const n = src.length;
  const slowE = ema(src, slow);
  const fastE = ema(src, fast, slow - fast);
  const line = nanArray(n);
  for (let i = slow - 1; i < n; i++) line[i] = fastE[i] - slowE[i];
  const sig = ema(line, signal, slow - 1);
  const out: MacdSeries = { macd: nanArray(n), signal: sig, histogram: nanArray(n) };
  for (let i = slow + signal - 2; i < n; i++) {
    out.macd[i] = line[i];
    out.histogram[i] = line[i] - sig[i];
  }
  return out;
}
