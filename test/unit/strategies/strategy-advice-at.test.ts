// strategyAdviceAt reuses one advice buffer from call to call: each call must still see a clean
// buffer (hold everywhere, overrides NaN), whatever the previous call wrote, and a strategy that asks
// for advice inside its own advise must not overwrite the buffer of the call it runs in.
import { allocateCandleSeries, candleSeriesSlice, type CandleSeries } from '../../../core/candles/series';
import { RandomWalk } from '../../../core/sim/random-walk';
import { ENTER_LONG, EXIT } from '../../../core/strategies/advice';
import { adviseAll } from '../../../core/strategies/advise-at';
import { builtInStrategies } from '../../../core/strategies/registry';
import type { StrategyInstance } from '../../../core/strategies/strategy';
import { strategyAdviceAt } from '../../../core/strategies/strategy-advice-at';

const N = 1500;
const series: CandleSeries = allocateCandleSeries(N);
new RandomWalk({ seed: 3, startTime: Date.UTC(2026, 0, 1), timeframeMs: 60_000, startPrice: 100, baseVolume: 10 }).fill(
  series,
  0,
  N,
);

/** What the function computed with a fresh buffer every call (its definition before the reuse). */
function reference(instance: StrategyInstance, window: CandleSeries) {
  const buf = adviseAll(instance, window);
  const n = window.length;
  let last = n - 1;
  while (last >= 0 && buf.action[last] === 0) last--;
  const codes = ['hold', 'enter_long', 'enter_short', 'exit'] as const;
  const desired = last < 0 ? 'flat' : (['flat', 'long', 'short', 'flat'] as const)[buf.action[last]];
  const view: Record<string, unknown> = { action: codes[buf.action[n - 1]], desired };
  if (buf.stopLossPct && buf.stopLossPct[n - 1] === buf.stopLossPct[n - 1]) view.stopLossPct = buf.stopLossPct[n - 1];
  if (buf.takeProfitPct && buf.takeProfitPct[n - 1] === buf.takeProfitPct[n - 1])
    view.takeProfitPct = buf.takeProfitPct[n - 1];
  if (last >= 0) view.desiredSinceMs = window.time[last];
  return view;
}

describe('strategyAdviceAt', () => {
  it.each(builtInStrategies.map((s) => [s.id, s] as const))(
    '%s: every rolling window gives the advice of a fresh buffer',
    (_id, strategy) => {
      const instance = strategy.create(strategy.defaults);
      for (let end = 200; end <= N; end += 7) {
        const window = candleSeriesSlice(series, Math.max(0, end - 300), end);
        const got = strategyAdviceAt(instance, window);
        if (window.length <= instance.warmup) expect(got).toBeUndefined();
        else expect(got).toEqual(reference(instance, window));
      }
    },
  );

  it('a strategy asking for advice inside its own advise leaves the outer buffer alone', () => {
    const inner: StrategyInstance = {
      warmup: 1,
      overrides: false,
      advise(s, out) {
        out.action.fill(ENTER_LONG);
      },
    };
    const outer: StrategyInstance = {
      warmup: 1,
      overrides: false,
      advise(s, out) {
        out.action[0] = EXIT;
        expect(strategyAdviceAt(inner, s)).toMatchObject({ action: 'enter_long', desired: 'long' });
      },
    };
    const window = candleSeriesSlice(series, 0, 300);
    expect(strategyAdviceAt(outer, window)).toEqual({
      action: 'hold',
      desired: 'flat',
      desiredSinceMs: window.time[0],
    });
  });
});
