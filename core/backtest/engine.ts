import type { CandleSeries } from '../candles/series';
import type { AdviceBuffer } from '../strategies/advice';
import {
  ORDER_CLOSE,
  ORDER_NONE,
  ORDER_OPEN_LONG,
  ORDER_REVERSE_TO_LONG,
  ORDER_REVERSE_TO_SHORT,
  orderForAdvice,
} from '../strategies/advice-to-order';
import type { BacktestConfig } from './config';
import type { EngineState } from './engine-state';
import { TradeColumns } from './trade-columns';
import { REASON_END, REASON_SIGNAL, REASON_STOP, REASON_TAKE, REASON_TRAIL, type Trade } from './trade';

const FUNDING_INTERVAL_MS = 8 * 3_600_000;
// Where the flat loop's prefetch reads end up (exported so they stay observable and the compiler
// cannot drop them as unused).
let prefetchSink = 0;
export function lastPrefetchSink(): number {
  return prefetchSink;
}

// Imported bindings compile to module-object getters; the hot loop reads these plain constants
// (and calls the shared translation through a local reference) instead.
const toOrder = orderForAdvice;
const NONE = ORDER_NONE;
const CLOSE = ORDER_CLOSE;
const OPEN_LONG = ORDER_OPEN_LONG;
const TO_LONG = ORDER_REVERSE_TO_LONG;
const TO_SHORT = ORDER_REVERSE_TO_SHORT;
const BY_SIGNAL = REASON_SIGNAL;
const BY_STOP = REASON_STOP;
const BY_TAKE = REASON_TAKE;
const BY_END = REASON_END;
const BY_TRAIL = REASON_TRAIL;

/** What one call of `runEngineInto` produced for candles [from, to) (its trades went to the columns it was given). */
export interface EngineRun {
  state: EngineState;
  /** Equity marked at each close of the segment (index 0 = candle `from`); a view when `equityOut` was given. */
  equity: Float64Array;
  from: number;
  to: number;
}

/** What one call of `runEngine` produced for candles [from, to). */
export interface EngineSegment extends EngineRun {
  /** Trades closed within the segment. */
  trades: Trade[];
}

/** `runEngineInto` with the segment's trades as objects (what a durable backtest stores per chunk). */
export function runEngine(
  series: CandleSeries,
  advice: AdviceBuffer,
  config: BacktestConfig,
  start: EngineState,
  to: number = series.length,
  /** Optional curve for the whole series (indexed by candle) to write into instead of a new segment array. */
  equityOut?: Float64Array,
): EngineSegment {
  const trades = new TradeColumns(16);
  const seg = runEngineInto(series, advice, config, start, to, equityOut, trades);
  return { ...seg, trades: trades.toTrades(series.time) };
}

/** Index of the first funding event strictly after `t` (events are sorted). */
function firstEventAfter(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First candle index in [from, to) whose open time is >= t (`to` if none); a forward scan, as funding is near. */
function candleAtOrAfter(time: Float64Array, from: number, to: number, t: number): number {
  let j = from;
  while (j < to && time[j] < t) j++;
  return j;
}

/**
 * The event loop over candles [state.next, to). Conventions (README "Backtesting"):
 * - advice at candle i's close fills at candle i+1's open; buys pay open×(1+slip), sells get open×(1−slip);
 * - quantity = cash × stake × leverage / (fill × (1 + leverage × fee)) (at leverage 1: cash×stake/(fill×(1+fee)));
 * - stop/take from the entry fill, checked from the entry candle on, stop first; the stop is a market
 *   order filling at min(open, stop) (long) with slippage, the take a limit at max(open, take) without;
 *   on the entry candle both fill at their level;
 * - a trailing stop (config.trailingStopPct = d) starts at fill × (1 ∓ d) and ratchets by the rule of
 *   core/exits/trailing-stop (a long's level only rises, to high × (1 − d); a short's only falls, to
 *   low × (1 + d)); the level checked on candle i is the one as of candle i−1's close, and candle i's
 *   high/low moves it only after the stop/take checks on i (no intra-candle lookahead: a candle is
 *   never assumed to have made its high before its low); on the entry candle the check uses the
 *   level from the fill, then the entry candle's extreme applies. The fixed stop and the trailing
 *   level combine as the tighter of the two and fill alike; the exit is `trailing_stop` when the
 *   trailing level was strictly tighter, else `stop_loss`;
 * - funding on an open position at each boundary crossed between the previous candle's open and
 *   this one's, marked at this open (longs pay a positive rate);
 * - when `to` is the series end the open position closes at the last close (`end`: fee, no slippage).
 * All state lives in locals; nothing is allocated per candle, and a closed trade is appended to
 * `tradesOut` (columns reused across runs, see TradeColumns) rather than allocated as an object.
 */
export function runEngineInto(
  series: CandleSeries,
  advice: AdviceBuffer,
  config: BacktestConfig,
  start: EngineState,
  to: number = series.length,
  /** Optional curve for the whole series (indexed by candle) to write into instead of a new segment array. */
  equityOut: Float64Array | undefined,
  tradesOut: TradeColumns,
): EngineRun {
  const n = series.length;
  const from = start.next;
  if (advice.action.length !== n)
    throw new RangeError(`advice length ${advice.action.length} differs from the series length ${n}`);
  if (!(from <= to && to <= n)) throw new RangeError(`cannot run candles ${from}..${to} of a series of ${n}`);
  if (equityOut && equityOut.length !== n)
    throw new RangeError(`equity output length ${equityOut.length} differs from the series length ${n}`);
  const equity = equityOut ?? new Float64Array(to - from);
  const base = equityOut ? 0 : from;
  // The candles go through the loop in blocks, each resuming the state of the one before (as a
  // chunked run does, with identical results), so that V8 optimises the loop function like any
  // function called often. Called once per run, it would only ever run as on-stack-replacement
  // code compiled mid-loop, before the code after its loop had run once: V8 then deoptimises at
  // that code, at the end of every call, and may keep that code. The first block is short so that
  // the whole function has run (and V8 has seen every part of it) before it is compiled mid-loop.
  let state = start;
  let block = FIRST_BLOCK;
  do {
    state = engineBlock(series, advice, config, state, Math.min(to, state.next + block), equity, base, tradesOut);
    block = ENGINE_BLOCK;
  } while (state.next < to && !state.finished);
  const end = state.next;
  return { state, equity: equityOut ? equityOut.subarray(from, end) : equity, from, to: end };
}

/** Candles per call of engineBlock (see runEngineInto). */
const ENGINE_BLOCK = 1 << 13;
const FIRST_BLOCK = 1 << 9;
const NO_EVENTS = new Float64Array(0);

/** The loop over candles [start.next, to): writes equity[i − base] for each candle i and appends closed trades. */
function engineBlock(
  series: CandleSeries,
  advice: AdviceBuffer,
  config: BacktestConfig,
  start: EngineState,
  to: number,
  equity: Float64Array,
  base: number,
  tradesOut: TradeColumns,
): EngineState {
  const n = series.length;
  const from = start.next;
  const time = series.time;
  const open = series.open;
  const high = series.high;
  const low = series.low;
  const close = series.close;
  const act = advice.action;
  const slArr = advice.stopLossPct;
  const tpArr = advice.takeProfitPct;
  const fee = config.fee;
  const slip = config.slippageBps / 10_000;
  const stakeFrac = config.stakePct / 100;
  const lev = config.leverage;
  const cfgSl = config.stopLossPct ?? NaN;
  const cfgTp = config.takeProfitPct ?? NaN;
  // The trailing distance as the factors the ratchet multiplies the extreme by, computed as
  // trailingStopLevel does (1 ∓ pct/100) so both give the same bits.
  const trailPct = config.trailingStopPct ?? NaN;
  const trailing = trailPct === trailPct;
  const trailLong = 1 - trailPct / 100;
  const trailShort = 1 + trailPct / 100;

  // Funding: 0 none, 1 constant rate per 8 h boundary, 2 explicit events.
  const funding = config.funding ?? null;
  const fundingMode = funding === null ? 0 : 'ratePer8h' in funding ? 1 : 2;
  const constRate = funding !== null && 'ratePer8h' in funding ? funding.ratePer8h : 0;
  const evTimes =
    funding !== null && 'events' in funding ? Float64Array.from(funding.events, (e) => e.time) : NO_EVENTS;
  const evRates =
    funding !== null && 'events' in funding ? Float64Array.from(funding.events, (e) => e.rate) : NO_EVENTS;
  const nEv = evTimes.length;
  // Funding due at candle i is what fell in (time[i−1], time[i]]; the cursor starts after the candle before `from`.
  const fundingBase = n > 0 ? time[from > 0 ? from - 1 : 0] : 0;
  let ev = firstEventAfter(evTimes, fundingBase);
  let nextBoundary = (Math.floor(fundingBase / FUNDING_INTERVAL_MS) + 1) * FUNDING_INTERVAL_MS;
  // The earliest time at which funding is due next (Infinity without funding): lets the hot loop test one number.
  let nextFunding = fundingMode === 0 ? Infinity : fundingMode === 1 ? nextBoundary : ev < nEv ? evTimes[ev] : Infinity;
  // ...and the first candle at or after it, so the hot loop compares indices instead of streaming time[].
  let fundIdx = fundingMode === 0 ? to : candleAtOrAfter(time, from, to, nextFunding);

  // Read as numbers (unary plus, | 0 for the indices): the state's fields come from objects of
  // several shapes, and an untyped load would make the loop keep these in boxed form, allocating a
  // heap number for every change of one.
  let cash = +start.cash;
  let side = start.side | 0;
  let qty = +start.quantity;
  let entryPrice = +start.entryPrice;
  let entryIndex = start.entryIndex | 0;
  let entryFee = +start.entryFee;
  let margin = +start.margin;
  let stop = +(start.stop ?? NaN);
  let take = +(start.take ?? NaN);
  let trail = +(start.trail ?? NaN);
  // The stop level the checks use: the tighter of the fixed stop and the trail (either may be NaN).
  let lvl = side > 0 ? (stop !== stop || trail > stop ? trail : stop) : stop !== stop || trail < stop ? trail : stop;
  let tradeFunding = +start.tradeFunding;
  let feesPaid = +start.feesPaid;
  let fundingPaid = +start.fundingPaid;
  let exposed = +start.exposedCandles;
  // Return statistics for the metrics, accumulated where equity is marked (see equityReturnStats).
  let rPrev = +start.returns.prev;
  let rSum = +start.returns.sum;
  let rSumSq = +start.returns.sumSq;
  let rDown4 = +start.returns.downSq4;
  let peak = +start.returns.peak;
  let maxDd = +start.returns.maxDd;
  // In-position fast loops stop before the last candle, whose end-of-run close the general path does.
  const last = to === n ? n - 1 : -1;
  const lim = to === n ? n - 1 : to;
  const trades = tradesOut;
  const done = start.finished;

  let touched = 0; // the sum of the prefetch reads, kept so the compiler cannot drop them
  let i = done ? to : from;
  while (i < to) {
    let ord = NONE;
    if (side === 0) {
      // Flat: nothing happens until an advice translates into an order, so the scan reads only the
      // advice bytes. The candle arrays are then touched once per cache line over the stretch
      // (up to the entry candle): as streams they are prefetched, whereas lone reads at the entry
      // would each stall on memory, and one read per line costs an eighth of reading them all.
      if (i === 0) equity[i++ - base] = cash;
      const flatFrom = i;
      for (; i < to; i++) {
        const a = act[i - 1];
        if (a !== 0) {
          ord = toOrder(a, 0);
          if (ord !== NONE) break;
        }
        equity[i - base] = cash;
      }
      let warm = 0;
      for (let k = flatFrom; k <= i && k < to; k += 8) warm += open[k] + high[k] + low[k] + close[k];
      touched += warm;
      if (i >= to) break;
    } else {
      // In position: skip ahead while nothing can happen (no advice, no level touched, no funding due).
      // open[] is read every candle although only the exit candle needs it: as a stream it is
      // prefetched, whereas a lone read at the exit would stall on memory.
      let o = 0;
      const held = i;
      // Loop-invariant parts of the mark, evaluated as in `cash + margin + side * (close − entry) * qty`
      // (left to right; a factor side = ±1 is exactly the sign), and the funding candle folded into the bound.
      const held0 = cash + margin;
      const end = fundIdx < lim ? fundIdx : lim;
      if (trailing) {
        // As below, the level ratcheting after each candle's checks (see the doc comment).
        if (side > 0) {
          for (; i < end; i++) {
            o = open[i];
            const h = high[i];
            if (act[i - 1] !== 0 || low[i] <= lvl || h >= take) break;
            const t = h * trailLong;
            if (t > trail) {
              trail = t;
              if (t > lvl) lvl = t;
            }
            const e = held0 + (close[i] - entryPrice) * qty;
            equity[i - base] = e;
            const r = rPrev !== 0 ? e / rPrev - 1 : 0;
            rSum += r;
            rSumSq += r * r;
            const d = r - Math.abs(r);
            rDown4 += d * d;
            rPrev = e;
            if (e > peak) peak = e;
            else if (peak - e > maxDd * peak) maxDd = (peak - e) / peak;
          }
        } else {
          for (; i < end; i++) {
            o = open[i];
            const l = low[i];
            if (act[i - 1] !== 0 || high[i] >= lvl || l <= take) break;
            const t = l * trailShort;
            if (t < trail) {
              trail = t;
              if (t < lvl) lvl = t;
            }
            const e = held0 + -(close[i] - entryPrice) * qty;
            equity[i - base] = e;
            const r = rPrev !== 0 ? e / rPrev - 1 : 0;
            rSum += r;
            rSumSq += r * r;
            const d = r - Math.abs(r);
            rDown4 += d * d;
            rPrev = e;
            if (e > peak) peak = e;
            else if (peak - e > maxDd * peak) maxDd = (peak - e) / peak;
          }
        }
      } else if (side > 0) {
        for (; i < end; i++) {
          o = open[i];
          if (act[i - 1] !== 0 || low[i] <= lvl || high[i] >= take) break;
          const e = held0 + (close[i] - entryPrice) * qty;
          equity[i - base] = e;
          const r = rPrev !== 0 ? e / rPrev - 1 : 0;
          rSum += r;
          rSumSq += r * r;
          const d = r - Math.abs(r);
          rDown4 += d * d;
          rPrev = e;
          if (e > peak) peak = e;
          else if (peak - e > maxDd * peak) maxDd = (peak - e) / peak;
        }
      } else {
        for (; i < end; i++) {
          o = open[i];
          if (act[i - 1] !== 0 || high[i] >= lvl || low[i] <= take) break;
          const e = held0 + -(close[i] - entryPrice) * qty;
          equity[i - base] = e;
          const r = rPrev !== 0 ? e / rPrev - 1 : 0;
          rSum += r;
          rSumSq += r * r;
          const d = r - Math.abs(r);
          rDown4 += d * d;
          rPrev = e;
          if (e > peak) peak = e;
          else if (peak - e > maxDd * peak) maxDd = (peak - e) / peak;
        }
      }
      exposed += i - held;
      if (i >= to) break;
      // A loop that ran to its bound did not read that candle's open.
      if (i >= end) o = open[i];
      if (fundingMode !== 0) {
        const t = time[i];
        let rate = 0;
        if (fundingMode === 1) {
          if (t >= nextBoundary) {
            const crossed = Math.floor((t - nextBoundary) / FUNDING_INTERVAL_MS) + 1;
            nextBoundary += crossed * FUNDING_INTERVAL_MS;
            rate = constRate * crossed;
          }
        } else {
          while (ev < nEv && evTimes[ev] <= t) rate += evRates[ev++];
        }
        nextFunding = fundingMode === 1 ? nextBoundary : ev < nEv ? evTimes[ev] : Infinity;
        fundIdx = candleAtOrAfter(time, i + 1, to, nextFunding);
        if (rate !== 0) {
          const pay = side * qty * o * rate;
          cash -= pay;
          tradeFunding += pay;
          fundingPaid += pay;
        }
      }
      const a = act[i - 1];
      if (a !== 0) {
        ord = toOrder(a, side);
        if (ord === CLOSE || ord === TO_LONG || ord === TO_SHORT) {
          const px = side > 0 ? o * (1 - slip) : o * (1 + slip);
          const gross = side * (px - entryPrice) * qty;
          const exitFee = px * qty * fee;
          cash += margin + gross - exitFee;
          feesPaid += exitFee;
          trades.push(
            side,
            entryIndex,
            i,
            entryPrice,
            px,
            qty,
            gross - entryFee - exitFee - tradeFunding,
            entryFee + exitFee,
            tradeFunding,
            BY_SIGNAL,
          );
          side = 0;
          qty = 0;
          margin = 0;
          tradeFunding = 0;
        }
      }
    }

    if (ord !== NONE && ord !== CLOSE && cash > 0) {
      const o = open[i];
      const dir = ord === OPEN_LONG || ord === TO_LONG ? 1 : -1;
      const fill = dir > 0 ? o * (1 + slip) : o * (1 - slip);
      qty = (cash * stakeFrac * lev) / (fill * (1 + lev * fee));
      margin = (qty * fill) / lev;
      entryFee = qty * fill * fee;
      cash -= margin + entryFee;
      feesPaid += entryFee;
      side = dir;
      entryPrice = fill;
      entryIndex = i;
      let sl = slArr !== null ? slArr[i - 1] : NaN;
      if (sl !== sl) sl = cfgSl;
      let tp = tpArr !== null ? tpArr[i - 1] : NaN;
      if (tp !== tp) tp = cfgTp;
      stop = fill * (1 - (dir * sl) / 100);
      take = fill * (1 + (dir * tp) / 100);
      trail = trailing ? fill * (dir > 0 ? trailLong : trailShort) : NaN;
      lvl = dir > 0 ? (stop !== stop || trail > stop ? trail : stop) : stop !== stop || trail < stop ? trail : stop;
      // Funding is owed from the next boundary after this fill on.
      if (fundingMode === 1) {
        nextBoundary = (Math.floor(time[i] / FUNDING_INTERVAL_MS) + 1) * FUNDING_INTERVAL_MS;
        nextFunding = nextBoundary;
        fundIdx = candleAtOrAfter(time, i + 1, to, nextFunding);
      } else if (fundingMode === 2) {
        ev = firstEventAfter(evTimes, time[i]);
        nextFunding = ev < nEv ? evTimes[ev] : Infinity;
        fundIdx = candleAtOrAfter(time, i + 1, to, nextFunding);
      }
    }

    if (side !== 0) {
      exposed++;
      const o = open[i];
      let px = NaN;
      let reason = 0;
      const onEntry = entryIndex === i;
      if (side > 0) {
        if (low[i] <= lvl) {
          px = (onEntry || o > lvl ? lvl : o) * (1 - slip);
          reason = lvl === stop ? BY_STOP : BY_TRAIL;
        } else if (high[i] >= take) {
          px = onEntry || o < take ? take : o;
          reason = BY_TAKE;
        }
      } else if (high[i] >= lvl) {
        px = (onEntry || o < lvl ? lvl : o) * (1 + slip);
        reason = lvl === stop ? BY_STOP : BY_TRAIL;
      } else if (low[i] <= take) {
        px = onEntry || o > take ? take : o;
        reason = BY_TAKE;
      }
      if (px !== px) {
        // Still open: this candle's extreme moves the trail for the next candle's check.
        if (trailing) {
          if (side > 0) {
            const t = high[i] * trailLong;
            if (t > trail) {
              trail = t;
              if (t > lvl) lvl = t;
            }
          } else {
            const t = low[i] * trailShort;
            if (t < trail) {
              trail = t;
              if (t < lvl) lvl = t;
            }
          }
        }
      } else {
        const gross = side * (px - entryPrice) * qty;
        const exitFee = px * qty * fee;
        cash += margin + gross - exitFee;
        feesPaid += exitFee;
        trades.push(
          side,
          entryIndex,
          i,
          entryPrice,
          px,
          qty,
          gross - entryFee - exitFee - tradeFunding,
          entryFee + exitFee,
          tradeFunding,
          reason,
        );
        side = 0;
        qty = 0;
        margin = 0;
        tradeFunding = 0;
      }
    }

    if (i === last && side !== 0) {
      // still open after the last candle: closed at its close (fee, no slippage)
      const px = close[i];
      const gross = side * (px - entryPrice) * qty;
      const exitFee = px * qty * fee;
      cash += margin + gross - exitFee;
      feesPaid += exitFee;
      trades.push(
        side,
        entryIndex,
        i,
        entryPrice,
        px,
        qty,
        gross - entryFee - exitFee - tradeFunding,
        entryFee + exitFee,
        tradeFunding,
        BY_END,
      );
      side = 0;
      qty = 0;
      margin = 0;
      tradeFunding = 0;
    }
    const e = cash + margin + side * (close[i] - entryPrice) * qty;
    equity[i - base] = e;
    const r = rPrev !== 0 ? e / rPrev - 1 : 0;
    rSum += r;
    rSumSq += r * r;
    const d = r - Math.abs(r);
    rDown4 += d * d;
    rPrev = e;
    if (e > peak) peak = e;
    else if (peak - e > maxDd * peak) maxDd = (peak - e) / peak;
    i++;
  }

  // The last candle closes any open position inside the loop (above), so reaching the end finishes the run.
  // Every comparison below is evaluated on every call, not only in the last block or while in a
  // position: one that never ran before the function was optimised deoptimises it when it first does.
  const atEnd = to === n;
  const nonEmpty = n > 0;
  const finished = done || (atEnd && nonEmpty);
  const inPosition = side !== 0;
  const hasStop = stop === stop;
  const hasTake = take === take;
  const hasTrail = trail === trail;

  prefetchSink = touched;
  const state: EngineState = {
    version: 1,
    next: done ? from : to,
    cash,
    side: side as 1 | -1 | 0,
    quantity: qty,
    entryPrice,
    entryIndex,
    entryTime: entryIndex >= 0 ? time[entryIndex] : 0,
    entryFee,
    margin,
    stop: inPosition && hasStop ? stop : null,
    take: inPosition && hasTake ? take : null,
    trail: inPosition && hasTrail ? trail : null,
    tradeFunding,
    feesPaid,
    fundingPaid,
    exposedCandles: exposed,
    returns: { prev: rPrev, sum: rSum, sumSq: rSumSq, downSq4: rDown4, peak, maxDd },
    finished,
  };
  return state;
}
