// The pipeline backtest over a generated market: the session's decision path per candle, on the
// paper engine, in both decision modes.
import { createDeterministicAgents } from '../../../core/agents/create-agents';
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import { runPipelineBacktest, type PipelineBacktestOptions } from '../../../core/pipeline/run-pipeline-backtest';
import { DEFAULT_RISK_LIMITS } from '../../../core/risk/default-risk-limits';
import { RandomWalk } from '../../../core/sim/random-walk';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { strategyAdviceAt } from '../../../core/strategies/strategy-advice-at';
import { candleSeriesSlice } from '../../../core/candles/series';
import { SIM_ASSETS, simMarkets } from '../../../infra/adapters/exchange/sim-markets';

const N = 3000;
const TF = 60_000;
const series: CandleSeries = allocateCandleSeries(N);
new RandomWalk({ seed: 7, startTime: Date.UTC(2026, 0, 1), timeframeMs: TF, startPrice: 60_000, baseVolume: 40 }).fill(
  series,
  0,
  N,
);
const market = simMarkets(SIM_ASSETS)['BTC/USDT:USDT'];
const emaCross = resolveStrategy('ema-cross');
const instance = emaCross.create(resolveParams(emaCross, { allowShort: true }) as never);

const options = (over: Partial<PipelineBacktestOptions> = {}): PipelineBacktestOptions => ({
  symbol: market.symbol,
  market,
  timeframe: '1m',
  higherTimeframe: '3m',
  decide: 'strategy',
  strategy: instance,
  agents: createDeterministicAgents(),
  riskLimits: DEFAULT_RISK_LIMITS,
  initialCapital: 10_000,
  ...over,
});

describe('runPipelineBacktest', () => {
  const strategy = runPipelineBacktest(series, options());
  const ensemble = runPipelineBacktest(series, options({ decide: 'ensemble' }));

  it('runs a cycle at every candle close that has a next open to fill at', () => {
    expect(strategy.cycles).toBe(N - 1);
    expect(strategy.holds + strategy.decisions.length).toBe(N - 1);
  });

  it('in strategy mode opens a position only where the strategy advised that entry, or completes its reversal', () => {
    const entries = strategy.decisions.filter((d) => d.orders.some((o) => o.purpose === 'entry'));
    expect(entries.length).toBeGreaterThan(5);
    const reversals = entries.filter((d) => /completes the reversal/.test(d.reasons[0]));
    // ema-cross with shorts reverses: some entries complete a reversal
    expect(reversals.length).toBeGreaterThan(0);
    for (const d of entries.filter((x) => !reversals.includes(x))) {
      // The decision at close t read the candles closed by t: the last one opened at t − 1 candle.
      const last = series.time.indexOf(d.time - TF);
      const advice = strategyAdviceAt(instance, candleSeriesSlice(series, Math.max(0, last + 1 - 300), last + 1))!;
      const side = d.orders.find((o) => o.purpose === 'entry')!.side;
      expect({ at: d.time, advice: advice.action }).toEqual({
        at: d.time,
        advice: side === 'buy' ? 'enter_long' : 'enter_short',
      });
    }
  });

  it('in ensemble mode trades on the analysts too, both ways', () => {
    expect(new Set(ensemble.trades.map((t) => t.side))).toEqual(new Set(['long', 'short']));
    expect(ensemble.decisions.length).toBeGreaterThan(strategy.decisions.length);
  });

  it('fills entries at the next open through the venue quote, sized on the venue step', () => {
    const d = strategy.decisions.find((x) => x.orders.some((o) => o.purpose === 'entry'))!;
    const entry = d.orders.find((o) => o.purpose === 'entry')!;
    const next = series.open[series.time.indexOf(d.time)];
    // ask = open + 1 bp, then the paper venue's 5 bp slippage against the taker
    const expected = entry.side === 'buy' ? (next + next * 0.0001) * 1.0005 : (next - next * 0.0001) * 0.9995;
    expect(entry.average!).toBeCloseTo(expected, 0);
    expect(Math.round(entry.filled / market.precision.amount) * market.precision.amount).toBeCloseTo(entry.filled, 12);
  });

  it('is deterministic: the same candles give the same trades and equity', () => {
    const again = runPipelineBacktest(series, options());
    expect(again.trades).toEqual(strategy.trades);
    expect(Array.from(again.equity)).toEqual(Array.from(strategy.equity));
  });

  it('vetoes sizes below the venue minimum instead of sending them', () => {
    const tiny = runPipelineBacktest(series, options({ initialCapital: 50 }));
    expect(tiny.trades).toHaveLength(0);
    const vetoes = tiny.decisions.filter((d) => d.verdict === 'veto');
    expect(vetoes.length).toBeGreaterThan(0);
    expect(vetoes[0].reasons.join('\n')).toMatch(/below the venue minimum \(/);
    expect(tiny.decisions.every((d) => d.orders.length === 0)).toBe(true);
  });

  it('a cooldown protection blocks the re-entry right after an exit, and announces its lock', () => {
    const guarded = runPipelineBacktest(
      series,
      options({ protections: { cooldownPeriod: { stopDurationCandles: 30 } } }),
    );
    expect(guarded.locks.length).toBeGreaterThan(0);
    expect(guarded.locks[0]).toMatchObject({ protection: 'CooldownPeriod', scope: 'pair' });
    const locked = guarded.decisions.filter((d) => d.reasons.some((r) => r.startsWith('protection lock:')));
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.every((d) => d.verdict === 'veto' && d.orders.length === 0)).toBe(true);
  });
});
