import { backtestConfig } from '../core/backtest/config';
import { runBacktest } from '../core/backtest/run-backtest';
import { BacktestWorkspace } from '../core/backtest/workspace';
import { builtInStrategies } from '../core/strategies/registry';
import { measurePaired, perSecond } from './lib/measure';
import type { BenchScenario, BenchSuite } from './lib/suite';
import { syntheticCandles } from './lib/synthetic-candles';

const N = 1_000_000;
const GOAL = 'ema-cross';

/**
 * The bare EMA loop the engine is measured against: the least work any indicator backtest can do.
 * It writes into an output array allocated once: allocating 8 MB per call timed the C allocator
 * rather than the loop (2.2 ms when a freed block was reused, 5 ms when fresh pages had to be
 * mapped, depending on what the other side of the pair had freed).
 */
function bareEma(close: Float64Array, period: number, out: Float64Array): Float64Array {
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
    const emaOut = new Float64Array(N);
    const base = () => bareEma(series.close, 26, emaOut)[N - 1];
    // The goal scenario: the full run (advice, engine, equity at every close, metrics) with fees,
    // slippage and SL/TP. Every scenario is timed in alternation with the baseline (bench/lib/measure.ts
    // measurePaired), and its percentage is the median of the per-pair ratios, so a slow moment of
    // the shared machine weighs on both sides of a comparison rather than flattering one.
    const config = backtestConfig({ fee: 0.001, slippageBps: 5, stakePct: 100, stopLossPct: 2, takeProfitPct: 4 });
    // The goal run with a trailing stop on top, timed last so that the scenarios above run in a
    // process whose engine has never trailed, as a run without one does.
    const trailingConfig = backtestConfig({ ...config, trailingStopPct: 1 });
    // Runs reuse one workspace (advice, equity and trade buffers), as the optimizer's evaluations do:
    // the full work of every run, without megabytes of garbage per run. The goal strategy is also
    // timed with fresh buffers per run (what a one-off `runBacktest` call does) for comparison.
    const workspace = new BacktestWorkspace();
    const scenarios: BenchScenario[] = [];
    let baseline = {
      name: 'bare EMA(26) loop over Float64Array (output preallocated)',
      candlesPerSecond: 0,
      wallCandlesPerSecond: 0,
    };
    const runs = builtInStrategies.flatMap((s) =>
      s.id === GOAL
        ? [
            { s, fresh: false, trailing: false },
            { s, fresh: true, trailing: false },
          ]
        : [{ s, fresh: false, trailing: false }],
    );
    const goalStrategy = builtInStrategies.find((s) => s.id === GOAL);
    if (goalStrategy) runs.push({ s: goalStrategy, fresh: false, trailing: true });
    for (const { s, fresh, trailing } of runs) {
      const instance = s.create(s.defaults);
      let trades = 0;
      const goal = s.id === GOAL && !fresh && !trailing;
      const opts = { timeframeMs: 60_000, workspace: fresh ? undefined : workspace };
      const t = measurePaired(
        base,
        () => {
          const r = runBacktest(series, instance, trailing ? trailingConfig : config, opts);
          trades = r.metrics.trades;
          return r;
        },
        goal ? 31 : 15,
        10,
      );
      const cps = perSecond(N, t.scenario.cpuMs);
      const name =
        s.id === GOAL
          ? `ema-cross (fee 0.1 %, 5 bps slippage, SL 2 %, TP 4 %${trailing ? ', trailing stop 1 %' : ''})${fresh ? ', fresh buffers per run (no workspace)' : ''}`
          : s.id;
      const pct = Number((t.cpuRatio * 100).toFixed(1));
      if (goal) {
        baseline = {
          ...baseline,
          candlesPerSecond: perSecond(N, t.baseline.cpuMs),
          wallCandlesPerSecond: perSecond(N, t.baseline.wallMs),
        };
        log(
          `baseline ${baseline.name}: cpu ${t.baseline.cpuMs.toFixed(2)} ms (wall ${t.baseline.wallMs.toFixed(2)}) → ${(baseline.candlesPerSecond / 1e6).toFixed(1)} M candles/s`,
        );
      }
      scenarios.push({
        name,
        strategy: s.id,
        workspace: !fresh,
        ...(trailing ? { trailingStopPct: trailingConfig.trailingStopPct } : {}),
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
