import fc from 'fast-check';
import { backtestConfig, type BacktestConfig, type FundingConfig } from '../../../core/backtest/config';
import { initialEngineState } from '../../../core/backtest/engine-state';
import { runEngine } from '../../../core/backtest/engine';
import { candleSeriesFromCandles } from '../../../core/candles/series';
import { allocateAdvice } from '../../../core/strategies/advice';
import { randomHlcv } from '../indicators/random-candles';
import { referenceBacktest, type RefAdvice } from './reference-engine';

const H = 3_600_000;
const T0 = 1_700_000_000_000;

const configArb: fc.Arbitrary<BacktestConfig> = fc
  .record({
    fee: fc.constantFrom(0, 0.0004, 0.001, 0.01),
    slippageBps: fc.constantFrom(0, 5, 50),
    stakePct: fc.constantFrom(100, 30),
    stopLossPct: fc.constantFrom(null, 0.5, 2, 5),
    takeProfitPct: fc.constantFrom(null, 1, 3, 8),
    trailingStopPct: fc.constantFrom(null, null, 0.4, 1.5, 4),
    leverage: fc.constantFrom(1, 2, 10),
    funding: fc.constantFrom<FundingConfig | null>(
      null,
      { ratePer8h: 0.0003 },
      {
        events: [
          { time: T0 + 7 * H, rate: 0.001 },
          { time: T0 + 7.5 * H, rate: -0.002 },
          { time: T0 + 60 * H, rate: 0.004 },
        ],
      },
    ),
  })
  .map((p) => backtestConfig(p));

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('the optimised engine agrees with a plain candle-by-candle reference', () => {
  it('same trades, fills, pnl and equity on random candles, advice and settings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 1, max: 150 }),
        fc.array(
          fc.record({
            code: fc.constantFrom(0, 0, 0, 1, 2, 3),
            sl: fc.option(fc.constantFrom(0.3, 1, 4), { nil: undefined }),
            tp: fc.option(fc.constantFrom(0.5, 2, 6), { nil: undefined }),
          }),
          { minLength: 150, maxLength: 150 },
        ),
        fc.boolean(),
        configArb,
        (seed, n, rawAdvice, overrides, config) => {
          const c = randomHlcv(n, seed);
          // 2-hour candles: several funding boundaries fall inside the series
          const candles = c.close.map((cl, i) => ({
            time: T0 + i * 2 * H,
            open: c.open[i],
            high: c.high[i],
            low: c.low[i],
            close: cl,
            volume: 1,
          }));
          const advice: RefAdvice[] = rawAdvice.slice(0, n).map((a) => (overrides ? a : { code: a.code }));
          const buf = allocateAdvice(n, overrides);
          advice.forEach((a, i) => {
            buf.action[i] = a.code;
            if (overrides && a.sl !== undefined) buf.stopLossPct![i] = a.sl;
            if (overrides && a.tp !== undefined) buf.takeProfitPct![i] = a.tp;
          });
          const got = runEngine(
            candleSeriesFromCandles(candles),
            buf,
            config,
            initialEngineState(config.initialCapital),
          );
          const want = referenceBacktest(candles, advice, config);

          expect(got.trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.exitReason])).toEqual(
            want.trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.exitReason]),
          );
          got.trades.forEach((t, k) => {
            const w = want.trades[k];
            for (const f of ['entryPrice', 'exitPrice', 'quantity', 'pnl', 'fees', 'funding'] as const) {
              if (!close(t[f], w[f])) throw new Error(`trade ${k} ${f}: engine ${t[f]} vs reference ${w[f]}`);
            }
            expect(t.entryTime).toBe(candles[t.entryIndex].time);
            expect(t.exitTime).toBe(candles[t.exitIndex].time);
          });
          Array.from(got.equity).forEach((e, i) => {
            if (!close(e, want.equity[i]))
              throw new Error(`equity at ${i}: engine ${e} vs reference ${want.equity[i]}`);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
