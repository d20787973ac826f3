import { backtestConfig } from '../core/backtest/config';
import { runBacktest } from '../core/backtest/run-backtest';
import { builtInStrategies } from '../core/strategies/registry';
import { measure, perSecond } from './lib/measure';
import type { BenchScenario, BenchSuite } from './lib/suite';
import { syntheticCandles } from './lib/synthetic-candles';

const N = 1_000_000;

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
    // The baseline is measured before and after the scenarios and the faster figure kept, so a
    // slow moment of the machine cannot flatter the engine's percentage.
    const before = measure(() => bareEma(series.close, 26)[N - 1], 15, 5);
    const baseline = {
      name: 'bare EMA(26) loop over Float64Array',
      candlesPerSecond: perSecond(N, before.cpuMs),
      wallCandlesPerSecond: perSecond(N, before.wallMs),
    };

    // The goal scenario: the full run (advice, engine, metrics) with fees, slippage and SL/TP.
    const config = backtestConfig({ fee: 0.001, slippageBps: 5, stakePct: 100, stopLossPct: 2, takeProfitPct: 4 });
    const scenarios: BenchScenario[] = [];
    for (const s of builtInStrategies) {
      const instance = s.create(s.defaults);
      let trades = 0;
      const t = measure(() => {
        const r = runBacktest(series, instance, config, { timeframeMs: 60_000 });
        trades = r.metrics.trades;
        return r;
      }, 15, 10);
      const cps = perSecond(N, t.cpuMs);
      const name = s.id === 'ema-cross' ? 'ema-cross (fee 0.1 %, 5 bps slippage, SL 2 %, TP 4 %)' : s.id;
      scenarios.push({
        name,
        strategy: s.id,
        candles: N,
        candlesPerSecond: cps,
        wallCandlesPerSecond: perSecond(N, t.wallMs),
        bestCandlesPerSecond: perSecond(N, t.bestCpuMs),
        cpuMs: Number(t.cpuMs.toFixed(2)),
        wallMs: Number(t.wallMs.toFixed(2)),
        trades,
        pctOfBaseline: 0,
      });
      log(`${name}: cpu ${t.cpuMs.toFixed(2)} ms (wall ${t.wallMs.toFixed(2)}) → ${(cps / 1e6).toFixed(1)} M candles/s (${trades} trades)`);
    }
    const after = measure(() => bareEma(series.close, 26)[N - 1], 15, 5);
    const b = after.cpuMs < before.cpuMs ? after : before;
    baseline.candlesPerSecond = perSecond(N, b.cpuMs);
    baseline.wallCandlesPerSecond = perSecond(N, b.wallMs);
    log(`baseline ${baseline.name}: cpu ${b.cpuMs.toFixed(2)} ms (wall ${b.wallMs.toFixed(2)}) → ${(baseline.candlesPerSecond / 1e6).toFixed(1)} M candles/s`);
    for (const sc of scenarios) {
      sc.pctOfBaseline = Number(((sc.candlesPerSecond / baseline.candlesPerSecond) * 100).toFixed(1));
      log(`${sc.name}: ${(sc.candlesPerSecond / 1e6).toFixed(1)} M candles/s = ${sc.pctOfBaseline} % of baseline`);
    }
    return { baseline, scenarios };
  },
};

export default suite;
