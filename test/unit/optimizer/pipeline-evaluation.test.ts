// Under a pipeline decision mode a candidate's score is the pipeline backtest's, on the same window
// as the engine would have used; strategy-only is still the engine's score.
import { createDeterministicAgents } from '../../../core/agents/create-agents';
import { backtestConfig } from '../../../core/backtest/config';
import { runBacktest } from '../../../core/backtest/run-backtest';
import { RiskLimitsSchema } from '../../../core/config/schema';
import { evaluateIndividual, sliceSeries } from '../../../core/optimizer/evaluate';
import { computeFitness, DEFAULT_FITNESS, INVALID_FITNESS } from '../../../core/optimizer/fitness';
import { inProcessHooks } from '../../../core/optimizer/local-hooks';
import { evaluateOnPipeline, type PipelineEvaluation } from '../../../core/optimizer/pipeline-evaluation';
import { runPipelineBacktest } from '../../../core/pipeline/run-pipeline-backtest';
import { getBuiltInStrategy } from '../../../core/strategies/registry';
import { SIM_ASSETS, simMarkets } from '../../../infra/adapters/exchange/sim-markets';
import { HOUR, noiseSeries, T0 } from './fixtures/series';

const ema = getBuiltInStrategy('ema-cross');
const params = { fast: 12, slow: 26, allowShort: false };
const config = backtestConfig({ fee: 0.001 });
// Tight limits, so a score that ignored them would differ from one that kept them.
const riskLimits = RiskLimitsSchema.parse({ max_position_pct: 5, stop_loss_pct: 3 });
const window = { from: T0 + 5 * 24 * HOUR, to: T0 + 25 * 24 * HOUR };

/** A random walk at a BTC-like price, so the venue's amount step and minimum notional are realistic. */
function btcLikeSeries() {
  const s = noiseSeries(30 * 24, 1);
  for (const k of ['open', 'high', 'low', 'close'] as const) for (let i = 0; i < s.length; i++) s[k][i] *= 600;
  return s;
}

function setup(decide: PipelineEvaluation['decide']): PipelineEvaluation {
  return {
    decide,
    symbol: 'BTC/USDT',
    market: simMarkets(SIM_ASSETS)['BTC/USDT'],
    timeframe: '1h',
    higherTimeframe: '2h',
    riskLimits,
    initialCapital: 10_000,
  };
}

function direct(decide: PipelineEvaluation['decide'], fitness = DEFAULT_FITNESS) {
  const s = setup(decide);
  const r = runPipelineBacktest(sliceSeries(btcLikeSeries(), window), {
    symbol: s.symbol,
    market: s.market,
    timeframe: s.timeframe,
    higherTimeframe: s.higherTimeframe,
    decide,
    strategy: ema.create(params),
    agents: createDeterministicAgents(),
    riskLimits,
    initialCapital: s.initialCapital,
  });
  return { metrics: r.metrics, fitness: computeFitness(r.metrics, fitness) };
}

describe.each(['strategy', 'ensemble'] as const)('decide %s', (decide) => {
  const series = btcLikeSeries();

  it("scores a candidate with the pipeline backtest's metrics on the window", () => {
    const want = direct(decide);
    const got = evaluateOnPipeline(sliceSeries(series, window), ema, params, setup(decide), DEFAULT_FITNESS);
    expect(got).toEqual({
      fitness: want.fitness,
      valid: want.fitness > INVALID_FITNESS,
      sharpe: want.metrics.sharpe,
      maxDrawdownPct: want.metrics.maxDrawdownPct,
      totalReturnPct: want.metrics.totalReturnPct,
      trades: want.metrics.trades,
    });
    expect(got.valid).toBe(true);
    // Not the engine's score: the pipeline sizes by the risk limits, the engine stakes everything.
    const engine = evaluateIndividual(sliceSeries(series, window), ema, params, config, DEFAULT_FITNESS, HOUR);
    expect(got.fitness).not.toBe(engine.fitness);
  });

  it('the in-process search scores training and out-of-sample windows the same way', async () => {
    const hooks = inProcessHooks(series, ema, config, DEFAULT_FITNESS, HOUR, setup(decide));
    const [train] = await hooks.evaluate(window, [params], 'train');
    expect(train.fitness).toBe(direct(decide).fitness);
    // Out of sample the minimum trade count is off, as on the engine.
    const strict = { ...DEFAULT_FITNESS, minTrades: 10_000 };
    const strictHooks = inProcessHooks(series, ema, config, strict, HOUR, setup(decide));
    expect((await strictHooks.evaluate(window, [params], 'train'))[0].fitness).toBe(INVALID_FITNESS);
    expect((await strictHooks.evaluate(window, [params], 'oos'))[0].fitness).toBe(
      direct(decide, { ...strict, minTrades: 0 }).fitness,
    );
  });

  it('parameters the strategy refuses score INVALID_FITNESS with the reason', () => {
    const got = evaluateOnPipeline(
      series,
      ema,
      { fast: 30, slow: 10, allowShort: false },
      setup(decide),
      DEFAULT_FITNESS,
    );
    expect(got).toMatchObject({ fitness: INVALID_FITNESS, valid: false, trades: 0 });
    expect(got.error).toMatch(/fast must be below slow/);
  });
});

describe('strategy-only', () => {
  it('is still the engine on the window', async () => {
    const series = btcLikeSeries();
    const hooks = inProcessHooks(series, ema, config, DEFAULT_FITNESS, HOUR);
    const [got] = await hooks.evaluate(window, [params], 'train');
    const m = runBacktest(sliceSeries(series, window), ema.create(params), config, { timeframeMs: HOUR }).metrics;
    expect(got).toEqual({
      fitness: computeFitness(m, DEFAULT_FITNESS),
      valid: true,
      sharpe: m.sharpe,
      maxDrawdownPct: m.maxDrawdownPct,
      totalReturnPct: m.totalReturnPct,
      trades: m.trades,
    });
    expect(got.fitness).not.toBe(direct('strategy').fitness);
  });
});
