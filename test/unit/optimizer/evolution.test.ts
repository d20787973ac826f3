import { backtestConfig } from '../../../core/backtest/config';
import { DEFAULT_FITNESS } from '../../../core/optimizer/fitness';
import { DEFAULT_GENETIC_OPTIONS } from '../../../core/optimizer/genetic';
import { inProcessHooks } from '../../../core/optimizer/local-hooks';
import { evaluateIndividual } from '../../../core/optimizer/evaluate';
import { DEFAULT_PROMOTION_RULE } from '../../../core/optimizer/promotion';
import { runEvolution } from '../../../core/optimizer/run-evolution';
import { walkForwardPlan } from '../../../core/optimizer/walk-forward';
import { paramSpace } from '../../../core/strategies/param-space';
import { getBuiltInStrategy } from '../../../core/strategies/registry';
import { HOUR, noiseSeries, T0, triangleSeries } from './fixtures/series';
import { swingStrategy } from './fixtures/swing-strategy';

const config = backtestConfig({ fee: 0.001 });
const RISE = 20;

describe('evolution on a series with a known best parameter', () => {
  const series = triangleSeries(24 * 150, RISE);
  const plan = walkForwardPlan(T0, T0 + 100 * 24 * HOUR, T0 + 150 * 24 * HOUR, 2);
  const space = paramSpace(swingStrategy.paramsSchema);

  it('the constructed optimum is the true one (exhaustive search agrees)', () => {
    let best = { fitness: -Infinity, key: '' };
    for (let hold = 1; hold <= 60; hold++)
      for (let skip = 0; skip <= 5; skip++)
        for (const confirm of [false, true]) {
          const e = evaluateIndividual(series, swingStrategy, { hold, skip, confirm }, config, DEFAULT_FITNESS, HOUR);
          if (e.fitness > best.fitness) best = { fitness: e.fitness, key: `${hold}/${skip}/${confirm}` };
        }
    expect(best.key).toBe(`${RISE - 1}/0/false`);
  });

  it('the genetic search finds it and promotes it out of sample', async () => {
    const out = await runEvolution(
      {
        space,
        genetic: { ...DEFAULT_GENETIC_OPTIONS, populationSize: 24, generations: 15, seed: 11 },
        plan,
        currentParams: swingStrategy.defaults,
        candidates: 3,
        promotion: DEFAULT_PROMOTION_RULE,
      },
      inProcessHooks(series, swingStrategy, config, DEFAULT_FITNESS, HOUR),
    );
    expect(out.bestTrain.params).toEqual({ hold: RISE - 1, skip: 0, confirm: false });
    expect(out.chosen.params).toEqual({ hold: RISE - 1, skip: 0, confirm: false });
    expect(out.decision.promote).toBe(true);
    expect(out.history).toHaveLength(15);
    // The fitness cache means far fewer backtests than population × generations.
    expect(out.evaluations).toBeLessThan(24 * 15);
  });
});

describe('overfitting guard', () => {
  // Twelve independent noise series per strategy: a guard that lets noise through fails on some.
  it.each(['ema-cross', 'rsi-reversion', 'macd-trend'])('on pure noise no %s version is promoted', async (id) => {
    const strategy = getBuiltInStrategy(id);
    const plan = walkForwardPlan(T0, T0 + 240 * 24 * HOUR, T0 + 365 * 24 * HOUR, 3);
    let looksGoodInSample = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const out = await runEvolution(
        {
          space: paramSpace(strategy.paramsSchema),
          genetic: { ...DEFAULT_GENETIC_OPTIONS, populationSize: 24, generations: 8, seed: 5 },
          plan,
          currentParams: strategy.defaults,
          candidates: 3,
          promotion: DEFAULT_PROMOTION_RULE,
        },
        inProcessHooks(noiseSeries(24 * 365, seed), strategy, config, DEFAULT_FITNESS, HOUR),
      );
      if (out.bestTrain.fitness > 1) looksGoodInSample++;
      expect({ seed, promote: out.decision.promote }).toEqual({ seed, promote: false });
      expect(out.decision.reason).toMatch(/does not beat|below the minimum|only \d+ of|indistinguishable from luck/);
    }
    // The search does find parameters that look good in sample: that is what the guard is for.
    expect(looksGoodInSample).toBeGreaterThan(0);
  });
});
