import { allocateCandleSeries } from '../candles/series';
import { allocateAdvice } from '../strategies/advice';
import { backtestConfig } from './config';
import { runEngine } from './engine';
import { initialEngineState } from './engine-state';
import { runBacktestWithAdvice } from './run-backtest';
import { float64ArrayToOverwrite } from './uninitialized-array';

// The equity curve of runBacktestWithAdvice comes without a zero fill: every candle must be
// written by the engine, in one pass or in chunks, or stale memory would leak into the result.
describe('the equity curve allocated without a zero fill', () => {
  const n = 5_000;
  const series = allocateCandleSeries(n);
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    p = o * (1 + Math.sin(i * 0.37) * 0.01);
    series.time[i] = i * 60_000;
    series.open[i] = o;
    series.close[i] = p;
    series.high[i] = Math.max(o, p) * 1.002;
    series.low[i] = Math.min(o, p) * 0.998;
    series.volume[i] = 1;
  }
  const advice = allocateAdvice(n);
  for (let i = 10; i < n; i += 97) advice.action[i] = 1; // enter long
  for (let i = 60; i < n; i += 131) advice.action[i] = 3; // exit
  const config = backtestConfig({ fee: 0.001, slippageBps: 5, stopLossPct: 1, takeProfitPct: 2 });
  // What the engine marks into a zeroed array of its own.
  const expected = runEngine(series, advice, config, initialEngineState(config.initialCapital)).equity;

  it.each([n, 333, 1])('the engine marks every candle of a curve it is handed (chunks of %s)', (chunk) => {
    const equity = new Float64Array(n).fill(NaN); // stands for whatever the memory held
    let state = initialEngineState(config.initialCapital);
    while (state.next < n)
      state = runEngine(series, advice, config, state, Math.min(n, state.next + chunk), equity).state;
    expect(equity.findIndex((e) => Number.isNaN(e))).toBe(-1); // an index here is an unwritten candle
    expect(Array.from(equity)).toEqual(Array.from(expected));
  });

  it.each([undefined, 333])('runBacktestWithAdvice returns exactly those marks (chunk size %s)', (chunkSize) => {
    const r = runBacktestWithAdvice(series, advice, config, { chunkSize, timeframeMs: 60_000 });
    expect(Array.from(r.equity)).toEqual(Array.from(expected));
  });

  it('is an ordinary array of the requested length (empty included)', () => {
    expect(float64ArrayToOverwrite(0)).toHaveLength(0);
    const a = float64ArrayToOverwrite(7);
    expect(a).toBeInstanceOf(Float64Array);
    expect(a).toHaveLength(7);
  });
});
