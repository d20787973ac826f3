// A pipeline backtest with stored intelligence: each consulted candle sees only what was known at its
// close, and a run cut into chunks (state through JSON) equals the uninterrupted one.
import { createDeterministicAgents } from '../../../core/agents/create-agents';
import type { Agent, AgentSignal } from '../../../core/agents/signal';
import type { MarketSnapshot } from '../../../core/agents/snapshot';
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import { buildIntelTimeline } from '../../../core/intel/intel-timeline';
import type { Observation } from '../../../core/intel/observation';
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

const N = 1500;
const START = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const DAY = 24 * 3600_000;
const series: CandleSeries = allocateCandleSeries(N);
new RandomWalk({ seed: 11, startTime: START, timeframeMs: MIN, startPrice: 60_000, baseVolume: 40 }).fill(series, 0, N);
const markets = simMarkets(SIM_ASSETS);
const emaCross = resolveStrategy('ema-cross');

/** Candle 700 closes at START + 701 min: the extreme-fear value becomes known at that close. */
const KNOWN_AT = START + 701 * MIN;
const observations: Observation[] = [
  // Yesterday's neutral index, known from before the range.
  { seriesId: 'fear_greed.index', observedAt: START - DAY, knownAt: START - DAY, value: 50 },
  // Today's extreme fear, for today's period, but known only from KNOWN_AT.
  { seriesId: 'fear_greed.index', observedAt: START, knownAt: KNOWN_AT, value: 8 },
];
const intel = buildIntelTimeline(observations, []);

/** The real sentiment agent, its signals kept by candle close. */
function recording(into: Map<number, AgentSignal>): Agent {
  const real = createDeterministicAgents().sentiment;
  return {
    name: real.name,
    mode: real.mode,
    analyze(s: MarketSnapshot) {
      const signal = real.analyze(s) as AgentSignal;
      into.set(s.time, signal);
      return signal;
    },
  };
}

const options = (sentiment?: Map<number, AgentSignal>): PipelineBacktestOptions => ({
  symbol: 'BTC/USDT:USDT',
  market: markets['BTC/USDT:USDT'],
  timeframe: '1m',
  decide: 'ensemble',
  strategy: emaCross.create(resolveParams(emaCross, { allowShort: true }) as never),
  agents: { ...createDeterministicAgents(), ...(sentiment ? { sentiment: recording(sentiment) } : {}) },
  riskLimits: DEFAULT_RISK_LIMITS,
  initialCapital: 10_000,
  intel,
});

describe('a pipeline backtest with intelligence', () => {
  it('changes the sentiment signal only from the candle whose close the value became known at', () => {
    const seen = new Map<number, AgentSignal>();
    runPipelineBacktest(series, options(seen));
    const before = [...seen].filter(([t]) => t < KNOWN_AT);
    const after = [...seen].filter(([t]) => t >= KNOWN_AT);
    expect(before.length).toBeGreaterThan(100);
    expect(after.length).toBeGreaterThan(100);
    // Before: yesterday's neutral 50; from the close it was known at: the 8 of extreme fear (funding
    // from the simulated venue votes beside it, so the index's own score is what is compared).
    for (const [, s] of before) expect(s.data).toMatchObject({ fearGreed: 50, fearGreedScore: 0 });
    for (const [, s] of after) expect(s.data).toMatchObject({ fearGreed: 8, fearGreedScore: 1, extreme: true });
    expect(seen.get(KNOWN_AT)!.direction).toBeGreaterThan(seen.get(KNOWN_AT - MIN)!.direction);
  });

  it('a chunked run equals the uninterrupted one', () => {
    const whole = runPipelineBacktest(series, options());
    let state: PipelineState = initialPipelineState(options());
    const equity = new Float64Array(N);
    const decisions: PipelineDecision[] = [];
    for (const to of [1, 500, 701, 702, 1200, N]) {
      const c = runPipelineChunk(series, options(), state, to);
      equity.set(c.equity, c.from);
      decisions.push(...c.decisions);
      state = JSON.parse(JSON.stringify(c.state)) as PipelineState;
    }
    const chunked = pipelineResult(series, options(), state, equity, decisions);
    const plain = (r: PipelineBacktestResult) => ({ ...r, equity: Array.from(r.equity) });
    // Not vacuous: the run trades.
    expect(whole.decisions.length).toBeGreaterThan(0);
    expect(plain(chunked)).toEqual(plain(whole));
  });
});
