import { backtestConfig } from '../core/backtest/config';
import { runBacktest } from '../core/backtest/run-backtest';
import { builtInStrategies } from '../core/strategies/registry';
import { measurePaired, perSecond } from './lib/measure';
import type { BenchScenario, BenchSuite } from './lib/suite';
import { syntheticCandles } from './lib/synthetic-candles';

const N = 1_000_000;
const GOAL = 'ema-cross';

/** The bare EMA loop the engine is measured against: the least work any indicator backtest can do. */
function bareEma(close: Float64Array, period: number): Float64Array {
  const out = new Float64Array(close.length);
  const k = 2 / (period + 1);
  let e = close[0];
  for (let i = 0; i < close.length; i++) {
    e = (close[i] - e) * k + e;
    out[i] = e;
  }
  return out;
}

const suite: BenchSuite = {
  name: 'backtest-engine',
  run(log) {
    const series = syntheticCandles(N);
    const base = () => bareEma(series.close, 26)[N - 1];
    // The goal scenario: the full run (advice, engine, equity at every close, metrics) with fees,
    // slippage and SL/TP. Every scenario is timed in alternation with the baseline (bench/lib/measure.ts
    // measurePaired), and its percentage is the median of the per-pair ratios, so a slow moment of
    // the shared machine weighs on both sides of a comparison rather than flattering one.
    const config = backtestConfig({ fee: 0.001, slippageBps: 5, stakePct: 100, stopLossPct: 2, takeProfitPct: 4 });
    const scenarios: BenchScenario[] = [];
    let baseline = { name: 'bare EMA(26) loop over Float64Array', candlesPerSecond: 0, wallCandlesPerSecond: 0 };
    for (const s of builtInStrategies) {
      const instance = s.create(s.defaults);
      let trades = 0;
      const goal = s.id === GOAL;
      const t = measurePaired(
        base,
        () => {
          const r = runBacktest(series, instance, config, { timeframeMs: 60_000 });
          trades = r.metrics.trades;
          return r;
        },
        goal ? 31 : 15,
        10,
      );
      const cps = perSecond(N, t.scenario.cpuMs);
      const name = goal ? 'ema-cross (fee 0.1 %, 5 bps slippage, SL 2 %, TP 4 %)' : s.id;
      const pct = Number((t.cpuRatio * 100).toFixed(1));
      if (goal) {
        baseline = {
          ...baseline,
          candlesPerSecond: perSecond(N, t.baseline.cpuMs),
          wallCandlesPerSecond: perSecond(N, t.baseline.wallMs),
        };
        log(`baseline ${baseline.name}: cpu ${t.baseline.cpuMs.toFixed(2)} ms (wall ${t.baseline.wallMs.toFixed(2)}) → ${(baseline.candlesPerSecond / 1e6).toFixed(1)} M candles/s`);
      }
      scenarios.push({
        name,
        strategy: s.id,
        candles: N,
        candlesPerSecond: cps,
        wallCandlesPerSecond: perSecond(N, t.scenario.wallMs),
        bestCandlesPerSecond: perSecond(N, t.scenario.bestCpuMs),
        cpuMs: Number(t.scenario.cpuMs.toFixed(2)),
        wallMs: Number(t.scenario.wallMs.toFixed(2)),
        trades,
        pctOfBaseline: pct,
        wallPctOfBaseline: Number((t.wallRatio * 100).toFixed(1)),
        pairedBaselineCpuMs: Number(t.baseline.cpuMs.toFixed(2)),
      });
      log(
        `${name}: cpu ${t.scenario.cpuMs.toFixed(2)} ms (wall ${t.scenario.wallMs.toFixed(2)}) → ${(cps / 1e6).toFixed(1)} M candles/s (${trades} trades); ` +
          `baseline in the same pairs ${t.baseline.cpuMs.toFixed(2)} ms → ${pct} % of baseline (wall ${(t.wallRatio * 100).toFixed(1)} %)`,
      );
    }
    return { baseline, scenarios };
  },
};

export default suite;
