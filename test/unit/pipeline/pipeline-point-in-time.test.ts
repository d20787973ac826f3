// Point in time: a decision at a candle close reads nothing after it. Rewriting every candle from
// two after a cut on (the one after the cut is the next open the decision fills at) must leave every
// decision up to the cut as it was, in both modes.
import { createDeterministicAgents } from '../../../core/agents/create-agents';
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import type { DecisionMode } from '../../../core/pipeline/decision-mode';
import { runPipelineBacktest } from '../../../core/pipeline/run-pipeline-backtest';
import { DEFAULT_RISK_LIMITS } from '../../../core/risk/default-risk-limits';
import { RandomWalk } from '../../../core/sim/random-walk';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { SIM_ASSETS, simMarkets } from '../../../infra/adapters/exchange/sim-markets';

const N = 2500;
const CUT = 1800;
const walk = (seed: number) => {
  const s = allocateCandleSeries(N);
  new RandomWalk({
    seed,
    startTime: Date.UTC(2026, 0, 5),
    timeframeMs: 60_000,
    startPrice: 60_000,
    baseVolume: 40,
  }).fill(s, 0, N);
  return s;
};

/** The first CUT + 2 candles of `a`, then `b`'s candles rescaled to continue from there. */
function splice(a: CandleSeries, b: CandleSeries): CandleSeries {
  const out = allocateCandleSeries(N);
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) out[k].set(a[k]);
  const scale = a.close[CUT + 1] / b.open[CUT + 2];
  for (let i = CUT + 2; i < N; i++)
    for (const k of ['open', 'high', 'low', 'close'] as const) out[k][i] = b[k][i] * scale;
  return out;
}

const market = simMarkets(SIM_ASSETS)['BTC/USDT:USDT'];
const emaCross = resolveStrategy('ema-cross');
const run = (series: CandleSeries, decide: DecisionMode) =>
  runPipelineBacktest(series, {
    symbol: market.symbol,
    market,
    timeframe: '1m',
    higherTimeframe: '3m',
    decide,
    strategy: emaCross.create(resolveParams(emaCross, { allowShort: true }) as never),
    agents: createDeterministicAgents(),
    riskLimits: DEFAULT_RISK_LIMITS,
    protections: { cooldownPeriod: { stopDurationCandles: 5 } },
    initialCapital: 10_000,
  });

describe.each(['strategy', 'ensemble'] as const)(
  'pipeline backtest in %s mode reads nothing after its decision',
  (decide) => {
    const original = walk(31);
    const rewritten = splice(original, walk(32));
    const cutClose = original.time[CUT] + 60_000;

    it('gives every decision up to the cut unchanged when the later candles change', () => {
      const a = run(original, decide).decisions.filter((d) => d.time <= cutClose);
      const b = run(rewritten, decide).decisions.filter((d) => d.time <= cutClose);
      expect(a.length).toBeGreaterThan(10);
      expect(b).toEqual(a);
    });

    it('differs after the cut, so the comparison above can fail', () => {
      const a = run(original, decide).decisions.filter((d) => d.time > cutClose);
      const b = run(rewritten, decide).decisions.filter((d) => d.time > cutClose);
      expect(b).not.toEqual(a);
    });
  },
);
