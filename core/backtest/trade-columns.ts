import type { TradeStats } from '../metrics/metrics';
import { EXIT_REASONS, type Trade } from './trade';

const REASON_NAMES = EXIT_REASONS;

/**
 * Closed trades as columns (one typed array per field), appended by the engine. Recording a trade
 * writes numbers into arrays that are reused from run to run instead of allocating an object, so a
 * run that only needs metrics (the optimizer's thousands of backtests) leaves nothing for the GC;
 * `toTrades` makes the objects for the callers that want them. Capacity doubles when full.
 */
export class TradeColumns {
  length = 0;
  side = new Int8Array(0);
  entryIndex = new Int32Array(0);
  exitIndex = new Int32Array(0);
  entryPrice = new Float64Array(0);
  exitPrice = new Float64Array(0);
  quantity = new Float64Array(0);
  pnl = new Float64Array(0);
  fees = new Float64Array(0);
  funding = new Float64Array(0);
  /** Index into EXIT_REASONS (REASON_SIGNAL …). */
  reason = new Uint8Array(0);

  constructor(capacity = 64) {
    this.resize(Math.max(1, capacity));
  }

  get capacity(): number {
    return this.side.length;
  }

  /** Forgets the trades (keeps the memory). */
  clear(): void {
    this.length = 0;
  }

  push(
    side: number,
    entryIndex: number,
    exitIndex: number,
    entryPrice: number,
    exitPrice: number,
    quantity: number,
    pnl: number,
    fees: number,
    funding: number,
    reason: number,
  ): void {
    const k = this.length;
    if (k === this.side.length) this.resize(k * 2);
    this.side[k] = side;
    this.entryIndex[k] = entryIndex;
    this.exitIndex[k] = exitIndex;
    this.entryPrice[k] = entryPrice;
    this.exitPrice[k] = exitPrice;
    this.quantity[k] = quantity;
    this.pnl[k] = pnl;
    this.fees[k] = fees;
    this.funding[k] = funding;
    this.reason[k] = reason;
    this.length = k + 1;
  }

  /** Trades [from, to) as objects; times are the candles' open times from `time` (indexed like the engine's series). */
  toTrades(time: Float64Array, from = 0, to = this.length): Trade[] {
    if (!(0 <= from && from <= to && to <= this.length))
      throw new RangeError(`trades ${from}..${to} outside 0..${this.length}`);
    const out = new Array<Trade>(to - from);
    for (let k = from; k < to; k++) {
      const entryIndex = this.entryIndex[k];
      const exitIndex = this.exitIndex[k];
      out[k - from] = {
        side: this.side[k] > 0 ? 'long' : 'short',
        entryTime: time[entryIndex],
        exitTime: time[exitIndex],
        entryIndex,
        exitIndex,
        entryPrice: this.entryPrice[k],
        exitPrice: this.exitPrice[k],
        quantity: this.quantity[k],
        pnl: this.pnl[k],
        fees: this.fees[k],
        funding: this.funding[k],
        exitReason: REASON_NAMES[this.reason[k]],
      };
    }
    return out;
  }

  /** What metrics read from the trades, in the order and arithmetic of `tradeStats` over `toTrades(time)`. */
  stats(time: Float64Array): TradeStats {
    const n = this.length;
    const pnl = this.pnl;
    const entryIndex = this.entryIndex;
    const exitIndex = this.exitIndex;
    // Durations first, in a pass without a data-dependent branch: its time[] reads are scattered
    // (cache misses), and a mispredicted win/loss branch would discard those in flight.
    let durMs = 0;
    let durCandles = 0;
    for (let k = 0; k < n; k++) {
      const a = entryIndex[k];
      const b = exitIndex[k];
      durMs += time[b] - time[a];
      durCandles += b - a;
    }
    let wins = 0;
    let grossProfit = 0;
    let grossLoss = 0;
    let pnlSum = 0;
    for (let k = 0; k < n; k++) {
      const p = pnl[k];
      pnlSum += p;
      if (p > 0) {
        wins++;
        grossProfit += p;
      } else {
        grossLoss -= p;
      }
    }
    return { count: n, wins, grossProfit, grossLoss, pnlSum, durMs, durCandles };
  }

  private resize(capacity: number): void {
    const k = this.length;
    const grow = <T extends Int8Array | Int32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const a = make(capacity);
      a.set(old.subarray(0, k));
      return a;
    };
    this.side = grow(this.side, (n) => new Int8Array(n));
    this.entryIndex = grow(this.entryIndex, (n) => new Int32Array(n));
    this.exitIndex = grow(this.exitIndex, (n) => new Int32Array(n));
    this.entryPrice = grow(this.entryPrice, (n) => new Float64Array(n));
    this.exitPrice = grow(this.exitPrice, (n) => new Float64Array(n));
    this.quantity = grow(this.quantity, (n) => new Float64Array(n));
    this.pnl = grow(this.pnl, (n) => new Float64Array(n));
    this.fees = grow(this.fees, (n) => new Float64Array(n));
    this.funding = grow(this.funding, (n) => new Float64Array(n));
    this.reason = grow(this.reason, (n) => new Uint8Array(n));
  }
}
