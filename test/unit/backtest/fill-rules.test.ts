import { ENTER_LONG, ENTER_SHORT, EXIT } from '../../../core/strategies/advice';
import { advice, candles, run, T0, H } from './helpers';

// Each scenario is small enough to check by hand; the expected numbers are written out from the
// conventions in README "Backtesting", not taken from the engine.
const FLAT: [number, number, number, number] = [100, 101, 99, 100];

describe('fills', () => {
  it('a signal on candle i fills at candle i+1 open with slippage; sizing and pnl follow the fee formula', () => {
    const s = candles([FLAT, [110, 111, 109, 110], [120, 121, 119, 120], [130, 131, 129, 130], FLAT]);
    const fee = 0.001;
    const slip = 0.001; // 10 bps
    const r = run(s, advice(5, { 0: ENTER_LONG, 2: EXIT }), { fee, slippageBps: 10, initialCapital: 10_000 });
    const entry = 110 * 1.001; // buy pays open × (1 + slippage) at candle 1
    const qty = 10_000 / (entry * (1 + fee)); // cash × 100 % / (fill × (1 + fee))
    const exit = 130 * (1 - slip); // sell gets open × (1 − slippage) at candle 3
    const fees = qty * entry * fee + qty * exit * fee;
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    expect(t.entryTime).toBe(T0 + H);
    expect(t.exitTime).toBe(T0 + 3 * H);
    expect(t.entryPrice).toBeCloseTo(entry, 10);
    expect(t.exitPrice).toBeCloseTo(exit, 10);
    expect(t.quantity).toBeCloseTo(qty, 12);
    expect(t.fees).toBeCloseTo(fees, 9);
    expect(t.pnl).toBeCloseTo(qty * (exit - entry) - fees, 9);
    expect(t.exitReason).toBe('signal');
    // all cash went in: entry notional + entry fee = 10 000 exactly
    expect(qty * entry * (1 + fee)).toBeCloseTo(10_000, 8);
    expect(r.state.cash).toBeCloseTo(10_000 + t.pnl, 8);
    // equity at candle 1's close is marked at that close (110) without the exit fee
    expect(r.equity[1]).toBeCloseTo(qty * 110, 8);
  });

  it('stake percent sizes from the cash: 25 % commits a quarter', () => {
    const s = candles([FLAT, FLAT, FLAT]);
    const r = run(s, advice(3, { 0: ENTER_LONG }), { fee: 0.002, stakePct: 25, initialCapital: 1000 });
    expect(r.trades[0].quantity).toBeCloseTo((1000 * 0.25) / (100 * 1.002), 12);
  });

  it('no signal on the last candle: advice there is never filled', () => {
    const s = candles([FLAT, FLAT, FLAT]);
    const r = run(s, advice(3, { 2: ENTER_LONG }), {});
    expect(r.trades).toHaveLength(0);
    expect(Array.from(r.equity)).toEqual([10_000, 10_000, 10_000]);
  });

  it('an open position is closed at the last close with reason end, paying the fee but no slippage', () => {
    const s = candles([FLAT, FLAT, [100, 106, 99, 105]]);
    const r = run(s, advice(3, { 0: ENTER_LONG }), { fee: 0.001, slippageBps: 50 });
    const t = r.trades[0];
    expect(t.exitReason).toBe('end');
    expect(t.exitPrice).toBe(105);
    expect(t.exitTime).toBe(T0 + 2 * H);
    const entry = 100 * 1.005;
    expect(t.fees).toBeCloseTo(t.quantity * entry * 0.001 + t.quantity * 105 * 0.001, 9);
    expect(r.equity[2]).toBeCloseTo(r.state.cash, 9); // the last mark is after the closing fee
    expect(r.state.side).toBe(0);
  });

  it('a signal exit and a gap stop on the very last candle use that candle’s open', () => {
    const s = candles([FLAT, FLAT, FLAT, [120, 121, 119, 120]]);
    const signal = run(s, advice(4, { 0: ENTER_LONG, 2: EXIT }), { fee: 0 });
    expect(signal.trades.map((t) => [t.exitReason, t.exitPrice])).toEqual([['signal', 120]]);
    const gap = run(candles([FLAT, FLAT, FLAT, [80, 81, 79, 80]]), advice(4, { 0: ENTER_LONG }), {
      fee: 0,
      stopLossPct: 5,
    });
    expect(gap.trades.map((t) => [t.exitReason, t.exitPrice])).toEqual([['stop_loss', 80]]);
  });

  it('exit advice while flat and entry advice while already long do nothing', () => {
    const s = candles([FLAT, FLAT, FLAT, FLAT, FLAT]);
    const r = run(s, advice(5, { 0: EXIT, 1: ENTER_LONG, 2: ENTER_LONG }), { fee: 0 });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0].entryTime).toBe(T0 + 2 * H);
  });
});

describe('stop-loss and take-profit', () => {
  const cfg = { fee: 0, slippageBps: 0, stopLossPct: 5, takeProfitPct: 10 };

  it('levels come from the entry fill; stop counts first when one candle touches both', () => {
    // entry at 100 → stop 95, take 110; candle 2 spans 90..115
    const s = candles([FLAT, FLAT, [100, 115, 90, 100], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_LONG }), cfg);
    expect(r.trades[0].exitReason).toBe('stop_loss');
    expect(r.trades[0].exitPrice).toBe(95);
  });

  it('stop fills at min(open, stop) on a later candle that gaps below it, and pays slippage', () => {
    const s = candles([FLAT, FLAT, [90, 92, 88, 91], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_LONG }), { ...cfg, slippageBps: 20 });
    const entry = 100 * 1.002;
    expect(r.trades[0].exitReason).toBe('stop_loss');
    expect(r.trades[0].exitPrice).toBeCloseTo(90 * 0.998, 10); // the open (90) is below the stop (≈95.19)
    expect(entry * 0.95).toBeGreaterThan(90);
  });

  it('stop fills at the stop when a later candle opens above it and trades through', () => {
    const s = candles([FLAT, FLAT, [99, 99, 94, 96], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_LONG }), cfg);
    expect(r.trades[0].exitPrice).toBe(95);
  });

  it('take-profit fills at max(open, take) on a gap up, without slippage', () => {
    const s = candles([FLAT, FLAT, [120, 125, 119, 121], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_LONG }), { ...cfg, slippageBps: 20 });
    expect(r.trades[0].exitReason).toBe('take_profit');
    expect(r.trades[0].exitPrice).toBe(120);
  });

  it('take-profit fills at the level when a later candle reaches it from below', () => {
    const s = candles([FLAT, FLAT, [104, 112, 103, 111], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_LONG }), cfg);
    expect(r.trades[0].exitPrice).toBeCloseTo(110, 10);
  });

  it('on the entry candle the stop fills at its level (with slippage) and the take at its level', () => {
    const stopRun = run(candles([FLAT, [100, 101, 94, 96], FLAT]), advice(3, { 0: ENTER_LONG }), {
      ...cfg,
      slippageBps: 10,
    });
    const entry = 100 * 1.001;
    expect(stopRun.trades[0].exitReason).toBe('stop_loss');
    expect(stopRun.trades[0].exitIndex).toBe(1);
    expect(stopRun.trades[0].exitPrice).toBeCloseTo(entry * 0.95 * 0.999, 10);
    const takeRun = run(candles([FLAT, [100, 115, 99, 112], FLAT]), advice(3, { 0: ENTER_LONG }), cfg);
    expect(takeRun.trades[0].exitReason).toBe('take_profit');
    expect(takeRun.trades[0].exitPrice).toBeCloseTo(110, 10);
  });

  it('shorts mirror everything: sell fill below the open, stop above, take below', () => {
    const slip = 0.001;
    const s = candles([FLAT, FLAT, [100, 101, 89, 90], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_SHORT }), { ...cfg, slippageBps: 10, fee: 0.001 });
    const entry = 100 * (1 - slip);
    const t = r.trades[0];
    expect(t.entryPrice).toBeCloseTo(entry, 10);
    expect(t.exitReason).toBe('take_profit');
    expect(t.exitPrice).toBeCloseTo(entry * 0.9, 10);
    expect(t.pnl).toBeCloseTo(t.quantity * (entry - entry * 0.9) - t.fees, 9);
    const stopped = run(candles([FLAT, FLAT, [108, 109, 100, 101], FLAT]), advice(4, { 0: ENTER_SHORT }), cfg);
    expect(stopped.trades[0].exitReason).toBe('stop_loss');
    expect(stopped.trades[0].exitPrice).toBe(108); // max(open 108, stop 105)
  });

  it('advice can override the run-wide levels for the position it opens', () => {
    const s = candles([FLAT, FLAT, [100, 103, 97.5, 100], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_LONG }, { 0: { sl: 2, tp: 3 } }), cfg);
    expect(r.trades[0].exitReason).toBe('stop_loss');
    expect(r.trades[0].exitPrice).toBe(98);
  });

  it('a signal exit at the open comes before that candle’s levels are checked', () => {
    const s = candles([FLAT, FLAT, [100, 101, 80, 90], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_LONG, 1: EXIT }), cfg);
    expect(r.trades[0].exitReason).toBe('signal');
    expect(r.trades[0].exitPrice).toBe(100);
  });
});

describe('reversal, leverage, funding', () => {
  it('entering the other side closes and reverses at the same open', () => {
    const s = candles([FLAT, FLAT, [105, 106, 104, 105], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_LONG, 1: ENTER_SHORT }), { fee: 0 });
    expect(r.trades.map((t) => [t.side, t.exitReason, t.entryPrice, t.exitPrice])).toEqual([
      ['long', 'signal', 100, 105],
      ['short', 'end', 105, 100],
    ]);
  });

  it('leverage sizes so that margin plus fee equals the stake', () => {
    const s = candles([FLAT, FLAT, [110, 111, 109, 110]]);
    const lev = 3;
    const fee = 0.001;
    const r = run(s, advice(3, { 0: ENTER_LONG }), { fee, leverage: lev, initialCapital: 1000 });
    const qty = (1000 * lev) / (100 * (1 + lev * fee));
    const t = r.trades[0];
    expect(t.quantity).toBeCloseTo(qty, 10);
    expect((qty * 100) / lev + qty * 100 * fee).toBeCloseTo(1000, 9);
    expect(t.pnl).toBeCloseTo(qty * 10 - qty * 100 * fee - qty * 110 * fee, 9);
  });

  it('funding: longs pay rate × notional at each 8 h boundary they hold through; shorts receive', () => {
    // 4 h candles from 00:00: boundaries at 08:00 (candle 2) and 16:00 (candle 4)
    const rows: [number, number, number, number][] = [
      FLAT,
      FLAT,
      FLAT,
      [110, 111, 109, 110],
      [120, 121, 119, 120],
      FLAT,
    ];
    const s = candles(rows);
    (s.time as Float64Array).forEach((_, i) => ((s.time as Float64Array)[i] = T0 + i * 4 * H));
    const rate = 0.0001;
    const long = run(s, advice(6, { 0: ENTER_LONG }), { fee: 0, funding: { ratePer8h: rate } });
    const qty = long.trades[0].quantity;
    expect(long.trades[0].funding).toBeCloseTo(qty * 100 * rate + qty * 120 * rate, 12);
    expect(long.state.fundingPaid).toBeCloseTo(long.trades[0].funding, 12);
    expect(long.trades[0].pnl).toBeCloseTo(qty * (100 - 100) - long.trades[0].funding, 9);
    const short = run(s, advice(6, { 0: ENTER_SHORT }), { fee: 0, funding: { ratePer8h: rate } });
    expect(short.trades[0].funding).toBeCloseTo(-(short.trades[0].quantity * 220 * rate), 12);
    // explicit events instead of the constant rate: only the one at 16:00 applies here
    const ev = run(s, advice(6, { 0: ENTER_LONG }), {
      fee: 0,
      funding: { events: [{ time: T0 + 16 * H, rate: 0.001 }] },
    });
    expect(ev.trades[0].funding).toBeCloseTo(qty * 120 * 0.001, 12);
  });

  it('a position opened at a boundary candle pays nothing for that boundary', () => {
    const rows: [number, number, number, number][] = [FLAT, FLAT, FLAT, FLAT];
    const s = candles(rows);
    (s.time as Float64Array).forEach((_, i) => ((s.time as Float64Array)[i] = T0 + i * 4 * H));
    const r = run(s, advice(4, { 1: ENTER_LONG }), { fee: 0, funding: { ratePer8h: 0.01 } });
    expect(r.trades[0].entryTime).toBe(T0 + 8 * H);
    expect(r.trades[0].funding).toBe(0);
  });
});
