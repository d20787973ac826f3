// A pipeline run cut into chunks, its state through JSON between them as a durable run stores it,
// must be the uninterrupted run: same trades, decisions, equity, counters and locks.
import { createDeterministicAgents } from '../../../core/agents/create-agents';
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import {
  initialPipelineState,
  pipelineResult,
  runPipelineBacktest,
  runPipelineChunk,
  type PipelineBacktestOptions,
  type PipelineBacktestResult,
  type PipelineDecision,
  type PipelineState,
} from '../../../core/pipeline/run-pipeline-backtest';
import { DEFAULT_RISK_LIMITS } from '../../../core/risk/default-risk-limits';
import { RandomWalk } from '../../../core/sim/random-walk';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { SIM_ASSETS, simMarkets } from '../../../infra/adapters/exchange/sim-markets';

const N = 2500;
const series: CandleSeries = allocateCandleSeries(N);
new RandomWalk({
  seed: 7,
  startTime: Date.UTC(2026, 0, 1),
  timeframeMs: 60_000,
  startPrice: 60_000,
  baseVolume: 40,
}).fill(series, 0, N);
const markets = simMarkets(SIM_ASSETS);
const emaCross = resolveStrategy('ema-cross');

const options = (over: Partial<PipelineBacktestOptions> = {}): PipelineBacktestOptions => ({
  symbol: 'BTC/USDT:USDT',
  market: markets['BTC/USDT:USDT'],
  timeframe: '1m',
  higherTimeframe: '3m',
  decide: 'strategy',
  strategy: emaCross.create(resolveParams(emaCross, { allowShort: true }) as never),
  agents: createDeterministicAgents(),
  riskLimits: DEFAULT_RISK_LIMITS,
  protections: { cooldownPeriod: { stopDurationCandles: 30 } },
  initialCapital: 10_000,
  ...over,
});

/**
 * The run in chunks ending at `cuts`, each state serialised and parsed before the next chunk, and
 * each chunk with its own strategy instance and analysts, as a chunk on another worker has.
 */
function chunked(
  fresh: () => PipelineBacktestOptions,
  cuts: number[],
): { result: PipelineBacktestResult; states: string[] } {
  const o = fresh();
  let state: PipelineState = initialPipelineState(o);
  const equity = new Float64Array(N);
  const decisions: PipelineDecision[] = [];
  const states: string[] = [];
  for (const to of cuts) {
    const c = runPipelineChunk(series, fresh(), state, to);
    equity.set(c.equity, c.from);
    decisions.push(...c.decisions);
    const text = JSON.stringify(c.state);
    states.push(text);
    state = JSON.parse(text) as PipelineState;
  }
  return { result: pipelineResult(series, o, state, equity, decisions), states };
}

const plain = (r: PipelineBacktestResult) => ({ ...r, equity: Array.from(r.equity) });

describe.each([
  ['strategy', {}],
  ['ensemble', { decide: 'ensemble' as const }],
  ['strategy, spot, trailing stop', { symbol: 'BTC/USDT', market: markets['BTC/USDT'], trailingStopPct: 0.4 }],
])('a chunked pipeline run (%s)', (_name, over) => {
  const o = options(over);
  const whole = runPipelineBacktest(series, o);
  // Cuts after the first candle, inside the longest trade, twice in a row, right before the last
  // candle and at the end.
  const longest = [...whole.trades].sort((a, b) => b.exitTime - b.entryTime - (a.exitTime - a.entryTime))[0];
  const inside = series.time.indexOf(Math.floor((longest.entryTime + longest.exitTime) / 2 / 60_000) * 60_000);
  const cuts = [...new Set([1, inside, 1200, 1201, N - 1, N])].sort((a, b) => a - b);
  const { result, states } = chunked(() => options(over), cuts);

  it('trades, decides and marks equity exactly as the uninterrupted run', () => {
    expect(whole.trades.length).toBeGreaterThan(5);
    expect(plain(result)).toEqual(plain(whole));
  });

  it('carries open positions and protection locks across the cuts (the comparison is not vacuous)', () => {
    const parsed = states.map((s) => JSON.parse(s) as PipelineState);
    expect(parsed.some((s) => s.broker.open.length > 0 || Object.keys(s.broker.paper.positions).length > 0)).toBe(true);
    expect(whole.locks.length).toBeGreaterThan(0);
    expect(inside).toBeGreaterThan(1);
    expect(parsed.map((s) => s.next)).toEqual(cuts);
  });

  it('a chunk past the end changes nothing: the end-of-run close happens once', () => {
    const last = JSON.parse(states[states.length - 1]) as PipelineState;
    const again = runPipelineChunk(series, o, JSON.parse(states[states.length - 1]) as PipelineState, N + 10);
    expect(again.equity).toHaveLength(0);
    expect(again.decisions).toHaveLength(0);
    expect(JSON.parse(JSON.stringify(again.state))).toEqual(last);
  });
});

describe('the trailing stop option', () => {
  const o = options({ trailingStopPct: 0.4 });
  const r = runPipelineBacktest(series, o);
  const fixed = runPipelineBacktest(series, options());

  it('places each stop as a trailing stop from the tighter of the verdict stop and the fill × (1 ∓ pct)', () => {
    const entries = r.decisions.filter((d) => d.orders.some((x) => x.purpose === 'entry' && x.filled > 0));
    expect(entries.length).toBeGreaterThan(5);
    for (const d of entries) {
      const entry = d.orders.find((x) => x.purpose === 'entry')!;
      const stop = d.orders.find((x) => x.purpose === 'stop_loss')!;
      // The default risk limits' 5 % stop is looser than a 0.4 % trail: the trail is the level.
      const level = entry.side === 'buy' ? entry.average! * (1 - 0.004) : entry.average! * (1 + 0.004);
      expect(stop.triggerPrice!).toBeCloseTo(level, 0);
      expect(stop.side).toBe(entry.side === 'buy' ? 'sell' : 'buy');
    }
  });

  it('exits on the trail where the fixed stop would not have fired', () => {
    expect(r.trades.filter((t) => t.exitReason === 'trailing_stop').length).toBeGreaterThan(0);
    expect(fixed.trades.some((t) => t.exitReason === 'trailing_stop')).toBe(false);
  });

  it('keeps the verdict stop when it is the tighter one', () => {
    const wide = runPipelineBacktest(series, options({ trailingStopPct: 40 }));
    const stops = wide.decisions.flatMap((d) => d.orders.filter((x) => x.purpose === 'stop_loss'));
    const withFixed = fixed.decisions.flatMap((d) => d.orders.filter((x) => x.purpose === 'stop_loss'));
    expect(stops.length).toBeGreaterThan(0);
    // A 40 % trail starts far beyond the 5 % stop, so the first level is the verdict's stop.
    expect(stops[0].triggerPrice).toBe(withFixed[0].triggerPrice);
  });
});
