import { backtestConfig } from '../../../core/backtest/config';
import { initialEngineState, parseEngineState, type EngineState } from '../../../core/backtest/engine-state';
import { runEngine } from '../../../core/backtest/engine';
import type { Trade } from '../../../core/backtest/trade';
import { candleSeriesFromCandles } from '../../../core/candles/series';
import { xorshiftRng } from '../../../core/sim/rng';
import { allocateAdvice, ENTER_LONG, ENTER_SHORT } from '../../../core/strategies/advice';
import { randomHlcv } from '../indicators/random-candles';
import { advice, candles, run } from './helpers';

// The expected levels are worked out by hand from the convention in README "Backtesting": the
// level checked on a candle is the one as of the previous close; the candle's own extreme moves it
// only after the check.
const FLAT: [number, number, number, number] = [100, 101, 99, 100];

describe('trailing stop in the backtest engine', () => {
  it('long: ratchets with each high after the check, never loosens, exits at the level', () => {
    const s = candles([
      FLAT, // 0: enter long
      [100, 105, 94, 104], // 1: fill 100, trail 90; low 94 is checked against 90, then 105 → 94.5
      [104, 120, 100, 118], // 2: 100 > 94.5; then 120 → 108
      [118, 119, 109, 112], // 3: 109 > 108; 119 → 107.1 would loosen it, so it stays 108
      [112, 113, 107, 108], // 4: 107 <= 108 → exit at min(open, 108) = 108
      FLAT,
    ]);
    const r = run(s, advice(6, { 0: ENTER_LONG }), { fee: 0, trailingStopPct: 10 });
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    expect([t.entryIndex, t.exitIndex, t.exitReason]).toEqual([1, 4, 'trailing_stop']);
    expect(t.entryPrice).toBe(100);
    expect(t.exitPrice).toBeCloseTo(108, 12);
    // Exiting on candle 4, not 1: had candle 1's high moved the level before its low was checked, 94 <= 94.5 would have.
    const cut = runEngine(
      s,
      advice(6, { 0: ENTER_LONG }),
      backtestConfig({ fee: 0, trailingStopPct: 10 }),
      initialEngineState(10_000),
      4,
    );
    expect(cut.state.trail).toBeCloseTo(108, 12);
    expect(cut.state.stop).toBeNull();
  });

  it('short: ratchets with each low, a gap through the level fills at the open with slippage', () => {
    const s = candles([
      FLAT, // 0: enter short
      [100, 104, 96, 97], // 1: fill 100 × (1 − 0.001) = 99.9, trail 104.895; 104 < it; then 96 → 100.8
      [97, 100, 90, 91], // 2: 100 < 100.8; 90 → 94.5
      [91, 93, 88, 92], // 3: 93 < 94.5; 88 → 92.4
      [95, 96, 94, 95], // 4: opens above 92.4 → exit at max(open, 92.4) = 95, plus slippage
      FLAT,
    ]);
    const r = run(s, advice(6, { 0: ENTER_SHORT }), { fee: 0, slippageBps: 10, trailingStopPct: 5 });
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    expect([t.side, t.entryIndex, t.exitIndex, t.exitReason]).toEqual(['short', 1, 4, 'trailing_stop']);
    expect(t.entryPrice).toBeCloseTo(99.9, 12);
    expect(t.exitPrice).toBeCloseTo(95 * 1.001, 12);
    const cut = runEngine(
      s,
      advice(6, { 0: ENTER_SHORT }),
      backtestConfig({ fee: 0, slippageBps: 10, trailingStopPct: 5 }),
      initialEngineState(10_000),
      4,
    );
    expect(cut.state.trail).toBeCloseTo(92.4, 12);
  });

  it('on the entry candle the level from the fill is checked, and fills at the level', () => {
    const s = candles([FLAT, [100, 102, 96, 99], FLAT]);
    const r = run(s, advice(3, { 0: ENTER_LONG }), { fee: 0, trailingStopPct: 3 });
    expect(r.trades.map((t) => [t.exitIndex, t.exitReason])).toEqual([[1, 'trailing_stop']]);
    expect(r.trades[0].exitPrice).toBeCloseTo(97, 12);
  });

  it('combines with the fixed stop as the tighter of the two, and names the one that fired', () => {
    // Fixed 5 % (95) is tighter than a 10 % trail (90) at first: a drop to 94 is a stop_loss.
    const early = candles([FLAT, [100, 101, 94, 96], FLAT]);
    const e = run(early, advice(3, { 0: ENTER_LONG }), { fee: 0, stopLossPct: 5, trailingStopPct: 10 }).trades[0];
    expect([e.exitIndex, e.exitReason]).toEqual([1, 'stop_loss']);
    expect(e.exitPrice).toBeCloseTo(95, 12);
    // After a rally to 120 the trail (108) is the tighter: the same kind of drop is a trailing_stop.
    const late = candles([FLAT, [100, 120, 99, 118], [118, 119, 104, 105], FLAT]);
    const t = run(late, advice(4, { 0: ENTER_LONG }), { fee: 0, stopLossPct: 5, trailingStopPct: 10 }).trades[0];
    expect([t.exitIndex, t.exitReason]).toEqual([2, 'trailing_stop']);
    expect(t.exitPrice).toBeCloseTo(108, 12);
    // A trail equal to the fixed stop is the fixed stop.
    const tie = candles([FLAT, [100, 100, 94, 96], FLAT]);
    expect(
      run(tie, advice(3, { 0: ENTER_LONG }), { fee: 0, stopLossPct: 5, trailingStopPct: 5 }).trades[0].exitReason,
    ).toBe('stop_loss');
  });

  it('without trailingStopPct nothing trails: the same candles end at the last close', () => {
    const s = candles([FLAT, [100, 120, 99, 118], [118, 119, 104, 105], FLAT]);
    const r = run(s, advice(4, { 0: ENTER_LONG }), { fee: 0 });
    expect(r.trades.map((t) => t.exitReason)).toEqual(['end']);
  });

  it('a trailing stop with no distance, or one beyond 50 %, is a clear error naming the field', () => {
    for (const bad of [0, -1, 50.5]) {
      expect(() => backtestConfig({ trailingStopPct: bad })).toThrow(/backtest setting trailingStopPct: /);
    }
    expect(backtestConfig({ trailingStopPct: 50 }).trailingStopPct).toBe(50);
    expect(backtestConfig().trailingStopPct).toBeNull();
  });

  it('a run resumed at every candle from its JSON state equals the uninterrupted run', () => {
    const n = 400;
    const c = randomHlcv(n, 4242);
    const series = candleSeriesFromCandles(
      c.close.map((close, i) => ({
        time: 1_700_000_000_000 + i * 3_600_000,
        open: c.open[i],
        high: c.high[i],
        low: c.low[i],
        close,
        volume: 1,
      })),
    );
    const adv = allocateAdvice(n);
    const rnd = xorshiftRng(99);
    for (let i = 0; i < n; i++) if (rnd() < 0.08) adv.action[i] = rnd() < 0.5 ? ENTER_LONG : ENTER_SHORT;
    const config = backtestConfig({ fee: 0.001, slippageBps: 5, stopLossPct: 4, trailingStopPct: 1.5 });
    const whole = runEngine(series, adv, config, initialEngineState(config.initialCapital));
    const reasons = new Set(whole.trades.map((t) => t.exitReason));
    // The case must exercise both stops, or equality would prove little.
    expect(reasons.has('trailing_stop')).toBe(true);
    let trailedCuts = 0;
    for (let k = 1; k < n; k++) {
      const first = runEngine(series, adv, config, initialEngineState(config.initialCapital), k);
      const state: EngineState = parseEngineState(JSON.parse(JSON.stringify(first.state)));
      if (state.trail !== null) trailedCuts++;
      const rest = runEngine(series, adv, config, state);
      const trades: Trade[] = [...first.trades, ...rest.trades];
      expect(trades).toEqual(whole.trades);
      expect([...first.equity, ...rest.equity]).toEqual(Array.from(whole.equity));
      expect(rest.state).toEqual(whole.state);
    }
    expect(trailedCuts).toBeGreaterThan(20);
  });
});
