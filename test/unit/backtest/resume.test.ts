import fc from 'fast-check';
import { backtestConfig, type BacktestConfig, type FundingConfig } from '../../../core/backtest/config';
import { initialEngineState, parseEngineState } from '../../../core/backtest/engine-state';
import { runEngine } from '../../../core/backtest/engine';
import type { Trade } from '../../../core/backtest/trade';
import { equityReturnStats } from '../../../core/metrics/metrics';
import { allocateAdvice } from '../../../core/strategies/advice';
import { candleSeriesFromCandles } from '../../../core/candles/series';
import { randomHlcv } from '../indicators/random-candles';
import { xorshiftRng } from '../../../core/sim/rng';

const H = 3_600_000;

/** A random candle series with random advice (and optional stop/take overrides). */
function world(seed: number, n: number, adviceDensity: number, overrides: boolean) {
  const c = randomHlcv(n, seed);
  const series = candleSeriesFromCandles(
    c.close.map((close, i) => ({
      time: 1_700_000_000_000 + i * H,
      open: c.open[i],
      high: c.high[i],
      low: c.low[i],
      close,
      volume: c.volume[i],
    })),
  );
  const adv = allocateAdvice(n, overrides);
  const rnd = xorshiftRng(seed);
  for (let i = 0; i < n; i++) {
    if (rnd() < adviceDensity) adv.action[i] = 1 + Math.floor(rnd() * 3);
    if (overrides && rnd() < 0.3) adv.stopLossPct![i] = 0.5 + rnd() * 3;
    if (overrides && rnd() < 0.3) adv.takeProfitPct![i] = 0.5 + rnd() * 5;
  }
  return { series, adv };
}

const configArb: fc.Arbitrary<BacktestConfig> = fc
  .record({
    fee: fc.constantFrom(0, 0.0004, 0.001),
    slippageBps: fc.constantFrom(0, 5, 30),
    stakePct: fc.constantFrom(100, 50),
    stopLossPct: fc.constantFrom(null, 1, 3),
    takeProfitPct: fc.constantFrom(null, 2, 6),
    trailingStopPct: fc.constantFrom(null, null, 0.5, 2),
    leverage: fc.constantFrom(1, 3),
    funding: fc.constantFrom<FundingConfig | null>(
      null,
      { ratePer8h: 0.0001 },
      {
        events: [
          { time: 1_700_000_000_000 + 30 * H, rate: 0.002 },
          { time: 1_700_000_000_000 + 95 * H, rate: -0.001 },
        ],
      },
    ),
  })
  .map((p) => backtestConfig(p));

describe('engine state: run 0..k, serialise, resume k..n', () => {
  it('gives exactly the same trades and equity as one pass, for any k (and several chunks)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        // cut points strictly inside the series (fast-check would otherwise favour 0 and n)
        fc
          .integer({ min: 2, max: 160 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { minLength: 1, maxLength: 4 }),
            ),
          ),
        fc.constantFrom(0.03, 0.1, 0.3),
        fc.boolean(),
        configArb,
        (seed, [n, cuts], density, overrides, config) => {
          const { series, adv } = world(seed, n, density, overrides);
          const whole = runEngine(series, adv, config, initialEngineState(config.initialCapital));

          const ks = [...cuts].sort((a, b) => a - b);
          let state = initialEngineState(config.initialCapital);
          const trades: Trade[] = [];
          const equity: number[] = [];
          for (const k of [...ks, n]) {
            if (k < state.next) continue;
            const seg = runEngine(series, adv, config, state, k);
            trades.push(...seg.trades);
            equity.push(...seg.equity);
            // the state must survive a JSON round trip (it goes to Temporal / Postgres between chunks)
            state = parseEngineState(JSON.parse(JSON.stringify(seg.state)));
          }
          expect(trades).toEqual(whole.trades);
          expect(equity).toEqual(Array.from(whole.equity));
          expect(state).toEqual(whole.state);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('accounting closes: final cash = initial capital + the sum of trade pnl; fees add up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 2, max: 200 }),
        configArb,
        (seed, n, config) => {
          const { series, adv } = world(seed, n, 0.15, false);
          const r = runEngine(series, adv, config, initialEngineState(config.initialCapital));
          const pnl = r.trades.reduce((a, t) => a + t.pnl, 0);
          const fees = r.trades.reduce((a, t) => a + t.fees, 0);
          const funding = r.trades.reduce((a, t) => a + t.funding, 0);
          const tol = 1e-9 * config.initialCapital * Math.max(1, r.trades.length);
          expect(Math.abs(r.state.cash - (config.initialCapital + pnl))).toBeLessThan(tol);
          expect(Math.abs(r.state.feesPaid - fees)).toBeLessThan(tol);
          expect(Math.abs(r.state.fundingPaid - funding)).toBeLessThan(tol);
          expect(r.equity[n - 1]).toBe(r.state.cash); // everything is closed at the end
          // the engine's running return statistics are bit-identical to a pass over its equity curve
          expect(r.state.returns).toEqual(equityReturnStats(r.equity, config.initialCapital));
          for (const t of r.trades) {
            expect(t.exitIndex).toBeGreaterThanOrEqual(t.entryIndex);
            expect(t.entryIndex).toBeGreaterThanOrEqual(1); // never filled on the first candle
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects a corrupted state with a message naming the field', () => {
    const bad = { ...initialEngineState(1000), side: 2 };
    expect(() => parseEngineState(bad)).toThrow(/invalid backtest engine state: side/);
  });
});
