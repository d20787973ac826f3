import { backtestConfig } from '../../../core/backtest/config';
import { runEngine } from '../../../core/backtest/engine';
import { initialEngineState } from '../../../core/backtest/engine-state';
import { runBacktest, type BacktestResult } from '../../../core/backtest/run-backtest';
import { TradeColumns } from '../../../core/backtest/trade-columns';
import { BacktestWorkspace } from '../../../core/backtest/workspace';
import { candleSeriesFromCandles, type CandleSeries } from '../../../core/candles/series';
import { computeMetrics, tradeStats } from '../../../core/metrics/metrics';
import { adviseAll } from '../../../core/strategies/advise-at';
import { builtInStrategies } from '../../../core/strategies/registry';
import type { StrategyInstance } from '../../../core/strategies/strategy';
import { randomHlcv } from '../indicators/random-candles';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

function series(n: number, seed: number): CandleSeries {
  const c = randomHlcv(n, seed);
  return candleSeriesFromCandles(
    c.close.map((close, i) => ({
      time: T0 + i * H,
      open: c.open[i],
      high: c.high[i],
      low: c.low[i],
      close,
      volume: c.volume[i],
    })),
  );
}

/** Everything a caller can read from a result, copied out (the equity as bits, so −0 and NaN count). */
function snapshot(r: BacktestResult) {
  return {
    metrics: r.metrics,
    trades: r.trades.map((t) => ({ ...t })),
    equity: Array.from(new Uint32Array(Float64Array.from(r.equity).buffer)),
    state: r.state,
  };
}

const config = backtestConfig({
  fee: 0.001,
  slippageBps: 5,
  stopLossPct: 2,
  takeProfitPct: 4,
  leverage: 2,
  funding: { ratePer8h: 0.0002 },
});

/** A strategy with stop/take overrides and sparse advice at candles chosen by `seed` (the built-ins never override). */
function sparseOverrides(seed: number): StrategyInstance {
  return {
    warmup: 3,
    overrides: true,
    advise(s, out) {
      for (let i = 3 + (seed % 5); i < s.length; i += 7 + (seed % 3)) {
        out.action[i] = i % 3 === 0 ? 2 : 1;
        if (i % 2 === 0) out.stopLossPct![i] = 1 + (seed % 4);
        else out.takeProfitPct![i] = 0.5 + (seed % 3);
      }
    },
  };
}

describe('a reused BacktestWorkspace', () => {
  // Longer, shorter, then longer again than anything before: the buffers grow and are reused.
  const lengths = [300, 120, 900, 40, 1500];

  it('gives every run exactly the result of a run with fresh buffers, whatever ran in it before', () => {
    const ws = new BacktestWorkspace();
    let runs = 0;
    lengths.forEach((n, k) => {
      const s = series(n, 11 + k);
      const instances: [string, StrategyInstance][] = [
        ...builtInStrategies.map((st) => [st.id, st.create(st.defaults)] as [string, StrategyInstance]),
        ['sparse-overrides', sparseOverrides(k)],
      ];
      for (const [id, inst] of instances) {
        if (n < inst.warmup + 2) continue;
        for (const chunkSize of [undefined, 97]) {
          const fresh = snapshot(runBacktest(s, inst, config, { timeframeMs: H, chunkSize }));
          const reused = snapshot(runBacktest(s, inst, config, { timeframeMs: H, chunkSize, workspace: ws }));
          runs++;
          expect({ id, n, chunkSize, ...reused }).toEqual({ id, n, chunkSize, ...fresh });
        }
      }
    });
    expect(runs).toBeGreaterThan(40); // the loop really ran the strategies
  });

  it('matches the engine and the metrics computed from trade objects (the pre-workspace path)', () => {
    const ws = new BacktestWorkspace();
    const s = series(2000, 5);
    for (const st of builtInStrategies) {
      const inst = st.create(st.defaults);
      const r = runBacktest(s, inst, config, { timeframeMs: H, workspace: ws });
      const seg = runEngine(s, adviseAll(inst, s), config, initialEngineState(config.initialCapital));
      const metrics = computeMetrics({
        equity: seg.equity,
        time: s.time,
        trades: seg.trades,
        initialCapital: config.initialCapital,
        timeframeMs: H,
        feesPaid: seg.state.feesPaid,
        fundingPaid: seg.state.fundingPaid,
        exposedCandles: seg.state.exposedCandles,
      });
      expect({ id: st.id, trades: r.trades }).toEqual({ id: st.id, trades: seg.trades });
      expect({ id: st.id, metrics: r.metrics }).toEqual({ id: st.id, metrics });
      expect(Array.from(r.equity)).toEqual(Array.from(seg.equity));
    }
  });

  it('hands a strategy an all-hold advice buffer although the previous run wrote other candles', () => {
    const ws = new BacktestWorkspace();
    const s = series(400, 3);
    runBacktest(s, sparseOverrides(1), config, { workspace: ws, timeframeMs: H });
    const seen: number[] = [];
    const probe: StrategyInstance = {
      warmup: 1,
      overrides: true,
      advise(_s, out) {
        seen.push(
          out.action.findIndex((a) => a !== 0),
          out.stopLossPct!.findIndex((x) => !Number.isNaN(x)),
          out.takeProfitPct!.findIndex((x) => !Number.isNaN(x)),
        );
      },
    };
    runBacktest(s, probe, config, { workspace: ws, timeframeMs: H });
    expect(seen).toEqual([-1, -1, -1]); // an index here is a stale code or override from the run before
  });

  it('keeps trades read before the next run, and refuses to make them from columns a later run overwrote', () => {
    const ws = new BacktestWorkspace();
    const s = series(600, 8);
    const inst = builtInStrategies[0].create(builtInStrategies[0].defaults);
    const expected = runBacktest(s, inst, config, { timeframeMs: H }).trades;
    expect(expected.length).toBeGreaterThan(0);
    const read = runBacktest(s, inst, config, { workspace: ws, timeframeMs: H });
    const kept = read.trades;
    const unread = runBacktest(s, inst, config, { workspace: ws, timeframeMs: H });
    runBacktest(series(600, 9), inst, config, { workspace: ws, timeframeMs: H });
    expect(kept).toEqual(expected);
    expect(read.trades).toBe(kept); // made once, then the same array
    expect(() => unread.trades).toThrow(/workspace ran another backtest/);
  });

  it('without a workspace, a result stays valid after later runs', () => {
    const s = series(500, 4);
    const inst = builtInStrategies[0].create(builtInStrategies[0].defaults);
    const first = runBacktest(s, inst, config, { timeframeMs: H });
    const before = snapshot(first);
    runBacktest(series(500, 5), inst, config, { timeframeMs: H });
    expect(snapshot(first)).toEqual(before);
  });
});

describe('TradeColumns', () => {
  it('grows from a capacity of one and makes the same trades and trade sums as objects', () => {
    const cols = new TradeColumns(1);
    const time = Float64Array.from({ length: 200 }, (_, i) => T0 + i * 60_000 + (i % 7) * 1000);
    for (let k = 0; k < 150; k++) {
      const pnl = k % 3 === 0 ? -k / 7 : k / 11;
      cols.push(
        k % 2 === 0 ? 1 : -1,
        k,
        k + 1 + (k % 40),
        100 + k,
        101 + k,
        0.5,
        pnl,
        0.1,
        k % 5 === 0 ? 0.01 : 0,
        k % 4,
      );
    }
    expect(cols.length).toBe(150);
    expect(cols.capacity).toBeGreaterThanOrEqual(150);
    const trades = cols.toTrades(time);
    expect(trades[0]).toEqual({
      side: 'long',
      entryTime: time[0],
      exitTime: time[1],
      entryIndex: 0,
      exitIndex: 1,
      entryPrice: 100,
      exitPrice: 101,
      quantity: 0.5,
      pnl: -0,
      fees: 0.1,
      funding: 0.01,
      exitReason: 'signal',
    });
    expect(trades[149]).toMatchObject({
      side: 'short',
      entryIndex: 149,
      exitIndex: 149 + 1 + (149 % 40),
      exitReason: 'stop_loss',
    });
    expect(cols.stats(time)).toEqual(tradeStats(trades));
    expect(cols.toTrades(time, 10, 12)).toEqual(trades.slice(10, 12));
    cols.clear();
    expect(cols.toTrades(time)).toEqual([]);
    expect(() => cols.toTrades(time, 0, 1)).toThrow(RangeError);
  });
});
