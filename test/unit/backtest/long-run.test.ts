import { backtestConfig, type FundingConfig } from '../../../core/backtest/config';
import { runEngine } from '../../../core/backtest/engine';
import { initialEngineState } from '../../../core/backtest/engine-state';
import type { Trade } from '../../../core/backtest/trade';
import { candleSeriesFromCandles } from '../../../core/candles/series';
import { xorshiftRng } from '../../../core/sim/rng';
import { allocateAdvice } from '../../../core/strategies/advice';
import { randomHlcv } from '../indicators/random-candles';
import { referenceBacktest, type RefAdvice } from './reference-engine';

// The engine runs long series in blocks of candles (core/backtest/engine.ts, runEngineInto), each
// resuming the state of the one before. The random-input tests use short series; this one is long
// enough to cross several block boundaries, with positions, funding and overrides across them.
const H = 3_600_000;
const T0 = 1_700_000_000_000;
const N = 100_000;

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

function world(seed: number) {
  const c = randomHlcv(N, seed);
  const candles = c.close.map((cl, i) => ({
    time: T0 + i * H,
    open: c.open[i],
    high: c.high[i],
    low: c.low[i],
    close: cl,
    volume: 1,
  }));
  const rnd = xorshiftRng(seed);
  const advice: RefAdvice[] = [];
  const buf = allocateAdvice(N, true);
  for (let i = 0; i < N; i++) {
    const a: RefAdvice = { code: rnd() < 0.02 ? 1 + Math.floor(rnd() * 3) : 0 };
    if (rnd() < 0.01) a.sl = 0.5 + Math.floor(rnd() * 6);
    if (rnd() < 0.01) a.tp = 1 + Math.floor(rnd() * 8);
    advice.push(a);
    buf.action[i] = a.code;
    if (a.sl !== undefined) buf.stopLossPct![i] = a.sl;
    if (a.tp !== undefined) buf.takeProfitPct![i] = a.tp;
  }
  return { candles, series: candleSeriesFromCandles(candles), advice, buf };
}

const fundings: (FundingConfig | null)[] = [
  null,
  { ratePer8h: 0.0001 },
  {
    events: [
      { time: T0 + 32_767 * H, rate: 0.001 },
      { time: T0 + 32_768 * H, rate: -0.002 },
      { time: T0 + 70_000.5 * H, rate: 0.003 },
    ],
  },
];

describe('a run longer than the engine block', () => {
  it.each(fundings.map((f, k) => [k, f] as const))(
    'agrees with the reference engine candle by candle (funding %s)',
    (k, funding) => {
      const { candles, series, advice, buf } = world(7 + k);
      const config = backtestConfig({
        fee: 0.0004,
        slippageBps: 5,
        stopLossPct: 3,
        takeProfitPct: 6,
        leverage: 3,
        funding,
      });
      const got = runEngine(series, buf, config, initialEngineState(config.initialCapital));
      const want = referenceBacktest(candles, advice, config);
      expect(got.trades.length).toBeGreaterThan(500); // positions open and close throughout, across block ends
      expect(got.trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.exitReason])).toEqual(
        want.trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.exitReason]),
      );
      got.trades.forEach((t, i) => {
        const w = want.trades[i];
        for (const f of ['entryPrice', 'exitPrice', 'quantity', 'pnl', 'fees', 'funding'] as const) {
          if (!close(t[f], w[f])) throw new Error(`trade ${i} ${f}: engine ${t[f]} vs reference ${w[f]}`);
        }
      });
      const firstOff = Array.from(got.equity).findIndex((e, i) => !close(e, want.equity[i]));
      expect(firstOff).toBe(-1); // an index here is the first candle whose equity differs
    },
  );

  it('gives bit-identical results whatever the chunking around the blocks', () => {
    const { series, buf } = world(21);
    const config = backtestConfig({
      fee: 0.001,
      slippageBps: 10,
      stopLossPct: 2,
      takeProfitPct: 4,
      funding: { ratePer8h: 0.0002 },
    });
    const whole = runEngine(series, buf, config, initialEngineState(config.initialCapital));
    for (const chunk of [10_007, 32_768, 65_535]) {
      let state = initialEngineState(config.initialCapital);
      const trades: Trade[] = [];
      const equity = new Float64Array(N);
      while (state.next < N) {
        const seg = runEngine(series, buf, config, state, Math.min(N, state.next + chunk), equity);
        trades.push(...seg.trades);
        state = seg.state;
      }
      expect({ chunk, trades }).toEqual({ chunk, trades: whole.trades });
      expect({ chunk, state }).toEqual({ chunk, state: whole.state });
      expect(Buffer.from(equity.buffer).equals(Buffer.from(whole.equity.buffer))).toBe(true);
    }
  });
});
