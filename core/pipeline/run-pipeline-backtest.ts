// The pipeline backtest: for every candle, what a trading session does at that candle's close —
// the snapshot (only candles closed by then, the venue's quote at the next open), the five analysts,
// the decision in the session's mode, the cycle's risk step with its protections, and the cycle's
// orders on the paper engine — through the same core code the trading cycle workflow runs. Only the
// clock (the candles) and the broker's clock differ. Pure: no I/O, nothing per candle but arithmetic.
// A run is a loop of chunks over one plain-JSON PipelineState, so a durable run can stop after any
// candle, store the state, and go on elsewhere with exactly the trades an uninterrupted run makes.
import { DAY_MS, utcDayStart } from '../calendar/utc-day';
import { firstIndexAtOrAfter } from '../candles/time-index';
import { abstain, AGENT_NAMES, type Agent, type AgentName, type AgentSignal } from '../agents/signal';
import type { MarketSnapshot } from '../agents/snapshot';
import type { IntelTimeline } from '../intel/intel-timeline';
import { round8, SNAPSHOT_WINDOW, snapshotAtr } from '../agents/snapshot-window';
import type { CandleSeries } from '../candles/series';
import { candleSeriesSlice } from '../candles/series';
import { timeframeToMs } from '../candles/timeframe';
import type { RiskLimits } from '../config/schema';
import { mergeCoordinatorConfig, type CoordinatorOverrides } from '../coordinator/coordinator-config';
import type { DecisionAction } from '../coordinator/decision';
import type { MarketInfo } from '../exchange/types';
import { computeMetrics, type BacktestMetrics } from '../metrics/metrics';
import { DEFAULT_PAPER_CONFIG, type PaperConfig } from '../paper';
import { activeLocks } from '../protections/active-locks';
import type { ProtectionLock, ProtectionsConfig } from '../protections/types';
import { RECORD_TRADES, strategyStatsOf } from '../risk/strategy-stats';
import { venueLimitsOf } from '../risk/venue-limits';
import { aggregateCandles } from '../sim/aggregate';
import { simFundingRate } from '../sim/synthesize';
import { venueBook, venueQuote } from '../sim/venue-quote';
import { strategyAdviceAt } from '../strategies/strategy-advice-at';
import type { StrategyInstance } from '../strategies/strategy';
import { cycleVerdict, type CycleView } from './cycle-verdict';
import { decideTrade, entryToReview } from './decide';
import type { DecisionMode } from './decision-mode';
import { initialBrokerState, PaperBroker, type BrokerOrder, type BrokerState, type BrokerTrade } from './paper-broker';
import { DEFAULT_EXECUTION_LIMITS, type ExecutionLimits } from './post-trade-check';
import type { LlmCallRequest } from '../llm/llm-call';
import {
  analystStep,
  analystsStep,
  coordinatorStep,
  riskReviewStep,
  type Ask,
  type StepSettings,
} from '../llm/model-steps';
import type { AgentModes } from '../llm/roles';
import { coordinatorDecision, coordinatorIsHeard } from './model-decision';
import { isReviewableEntry, reviewCycleVerdict } from './risk-review';

export interface PipelineBacktestOptions {
  symbol: string;
  market: MarketInfo;
  /** The series' timeframe, e.g. 1m. */
  timeframe: string;
  /** The timeframe the market agent reads its higher trend from; absent: none. */
  higherTimeframe?: string;
  decide: DecisionMode;
  strategy: StrategyInstance;
  agents: Record<AgentName, Agent>;
  riskLimits: RiskLimits;
  coordinator?: CoordinatorOverrides;
  protections?: ProtectionsConfig;
  paper?: Partial<PaperConfig>;
  execution?: Partial<ExecutionLimits>;
  initialCapital: number;
  /** The stop-loss as an exchange-side trailing stop this many percent behind the best price. */
  trailingStopPct?: number;
  /** Agents that think with a model; absent: every agent on its rules. */
  llm?: PipelineLlm;
  /**
   * Stored intelligence over the range: each candle whose analysts are consulted sees viewAt(t),
   * only what was known at its close. Absent (or empty): the snapshots carry none.
   */
  intel?: IntelTimeline;
}

/**
 * The model's part in a backtest: on every `every`-th candle the agents in `llm` or `hybrid` mode
 * ask `ask`; a question it has no answer for yet stops the chunk before that candle, with the
 * questions in `need`, and the caller runs the candle again once it has the answers. On the other
 * candles those agents read by their rules. Questions whose answer the decision would not read (the
 * strategy mode's analysts with no entry to review) are not asked.
 */
export interface PipelineLlm {
  agents: AgentModes;
  debateRounds: number;
  every: number;
  steps: StepSettings;
  ask: Ask;
}

export interface PipelineDecision {
  /** The candle close the decision was taken at (UTC ms). */
  time: number;
  action: DecisionAction;
  verdict: 'approve' | 'resize' | 'veto' | 'none';
  reasons: string[];
  orders: BrokerOrder[];
  compensated: boolean;
}

export interface PipelineBacktestResult {
  metrics: BacktestMetrics;
  equity: Float64Array;
  trades: BrokerTrade[];
  /** Every cycle that decided BUY or SELL, and every cycle whose orders ran (HOLDs without orders are counted only). */
  decisions: PipelineDecision[];
  cycles: number;
  holds: number;
  /** Protection locks that came into force during the run, each once. */
  locks: ProtectionLock[];
}

/** Everything a run carries from one candle to the next. Plain JSON: it survives JSON.stringify/parse unchanged. */
export interface PipelineState {
  /** The next candle to apply. */
  next: number;
  broker: BrokerState;
  /** The session's day: its UTC start (−1 before the first cycle), equity then, PnL realised since, kill switch. */
  dayStartMs: number;
  dayStartEquity: number;
  realizedPnlToday: number;
  paused: boolean;
  cycles: number;
  holds: number;
  /** Candles that closed with a position held. */
  exposed: number;
  /** Locks announced so far, in announcement order. */
  announced: ProtectionLock[];
  /** Strategy mode: the side the last cycle's reversal closed into, for the next cycle only. */
  pendingEntry?: 'long' | 'short';
}

export interface PipelineChunk {
  state: PipelineState;
  /** Candles [from, to) the chunk ran. */
  from: number;
  to: number;
  /** Equity at each of those candles' closes (the last candle's after the end-of-run close). */
  equity: Float64Array;
  decisions: PipelineDecision[];
  /** The chunk stopped before candle `to` to ask the model these (PipelineLlm). */
  need?: LlmCallRequest[];
}

export function initialPipelineState(o: Pick<PipelineBacktestOptions, 'market' | 'initialCapital'>): PipelineState {
  return {
    next: 0,
    broker: initialBrokerState(o.market, o.initialCapital),
    dayStartMs: -1,
    dayStartEquity: 0,
    realizedPnlToday: 0,
    paused: false,
    cycles: 0,
    holds: 0,
    exposed: 0,
    announced: [],
  };
}

export function runPipelineBacktest(series: CandleSeries, o: PipelineBacktestOptions): PipelineBacktestResult {
  const chunk = runPipelineChunk(series, o, initialPipelineState(o), series.length);
  if (chunk.need)
    throw new Error(
      'the pipeline backtest asks a model: run it through a driver that answers (runPipelineChunkAsking)',
    );
  return pipelineResult(series, o, chunk.state, chunk.equity, chunk.decisions);
}

/**
 * Candles [state.next, to) of the run; the state is taken over (deep-copy it to keep it). Reaching
 * the series' end closes what is still held at the last close, as an uninterrupted run does.
 */
export function runPipelineChunk(
  series: CandleSeries,
  o: PipelineBacktestOptions,
  state: PipelineState,
  to: number,
): PipelineChunk {
  const n = series.length;
  const from = Math.min(state.next, n);
  const end = Math.max(from, Math.min(to, n));
  const tf = timeframeToMs(o.timeframe);
  const paper: PaperConfig = { ...DEFAULT_PAPER_CONFIG, ...o.paper };
  const limits: ExecutionLimits = { ...DEFAULT_EXECUTION_LIMITS, ...o.execution };
  const coordinator = mergeCoordinatorConfig(o.coordinator ?? {});
  const broker = new PaperBroker(
    o.market,
    paper,
    state.broker,
    tf,
    o.trailingStopPct === undefined ? {} : { trailingStopPct: o.trailingStopPct },
  );
  const venue = venueLimitsOf(o.market);
  const swap = o.market.type === 'swap';
  const htf = o.higherTimeframe ? timeframeToMs(o.higherTimeframe) : 0;
  const higher = htf && from < end ? higherCandles(series, tf, htf) : null;
  const { time, open, high, low, close, volume } = series;

  const equity = new Float64Array(end - from);
  const decisions: PipelineDecision[] = [];
  const announced = new Map<string, ProtectionLock>(state.announced.map((l) => [l.id, l]));
  let { holds, cycles, dayStartMs, dayStartEquity, realizedPnlToday, paused, exposed, pendingEntry } = state;

  // A model question without its answer ends the chunk before candle `at`, from what that candle started with.
  const stopAt = (at: number, m: CandleStart, need: LlmCallRequest[]): PipelineChunk => ({
    state: {
      next: at,
      broker: m.broker,
      dayStartMs: m.dayStartMs,
      dayStartEquity: m.dayStartEquity,
      realizedPnlToday: m.realizedPnlToday,
      paused: m.paused,
      cycles: m.cycles,
      holds,
      exposed: m.exposed,
      announced: [...announced.values()].slice(0, m.announced),
      ...(pendingEntry ? { pendingEntry } : {}),
    },
    from,
    to: at,
    equity: equity.subarray(0, at - from),
    decisions,
    need,
  });

  for (let i = from; i < end; i++) {
    const llm = o.llm && i % o.llm.every === 0 ? o.llm : undefined;
    // Where the model may be asked, what the candle starts from: a question without its answer stops
    // the chunk here, and the candle runs again from this state.
    const mark: CandleStart | undefined = llm && {
      broker: structuredClone(broker.snapshot()),
      dayStartMs,
      dayStartEquity,
      realizedPnlToday,
      paused,
      cycles,
      exposed,
      announced: announced.size,
    };
    const fundingRate = swap ? simFundingRate(close, i + 1, tf) : undefined;
    broker.advance([time[i], open[i], high[i], low[i], close[i], volume[i]], fundingRate);
    const marked = broker.account(close[i]);
    equity[i - from] = marked.equity;
    if (marked.positions.length) exposed++;
    // The last candle has no next open to fill at: the run ends at its close.
    if (i === n - 1) break;

    const t = time[i] + tf;
    const quote = venueQuote(o.market, open[i + 1]);
    const account = broker.account(quote.last);
    if (dayStartMs < 0 || t >= dayStartMs + DAY_MS) {
      dayStartMs = utcDayStart(t);
      dayStartEquity = account.equity;
      realizedPnlToday = 0;
      paused = false;
    }
    const main = windowByTime(series, t - SNAPSHOT_WINDOW.main * tf, t, tf);
    const held = account.positions.find((p) => p.symbol === o.symbol) ?? null;
    const advice = strategyAdviceAt(o.strategy, main);
    const snapshot: MarketSnapshot = {
      exchange: 'backtest',
      symbol: o.symbol,
      timeframe: o.timeframe,
      time: t,
      candles: { [o.timeframe]: main },
      account: { equity: account.equity, cash: account.cash },
      ...(held ? { position: { side: held.side, quantity: held.quantity, entryPrice: held.entryPrice } } : {}),
      ...(advice ? { strategyAdvice: advice } : {}),
    };
    const strategySignal = analyze(o.agents.strategy, snapshot);
    let signals: AgentSignal[];
    // The strategy mode's decision reads the others only to review an entry.
    const reviewing =
      o.decide !== 'strategy' || entryToReview(strategySignal, held?.side ?? null, pendingEntry) !== null;
    if (!reviewing) {
      signals = AGENT_NAMES.map((name) =>
        name === 'strategy' ? strategySignal : abstain(name, 'not consulted: no entry to review'),
      );
    } else {
      if (higher) {
        const since = Math.floor(t / htf) * htf - SNAPSHOT_WINDOW.higher * htf;
        snapshot.candles[o.higherTimeframe!] = windowByTime(higher, since, t, htf);
      }
      snapshot.orderBook = venueBook(o.market, quote.last, volume[i], SNAPSHOT_WINDOW.bookLevels);
      if (fundingRate !== undefined) snapshot.fundingRate = { fundingRate };
      snapshot.ticker = { symbol: o.symbol, timestamp: t, ...quote };
      // Only here, where the analysts read it: a candle nobody reviews builds no view.
      if (o.intel && !o.intel.empty) snapshot.intel = o.intel.viewAt(t);
      signals = AGENT_NAMES.map((name) => (name === 'strategy' ? strategySignal : analyze(o.agents[name], snapshot)));
      if (llm) {
        const asked = analystsStep(
          AGENT_NAMES.map((name, k) => {
            const mode = llm.agents[name];
            // In strategy mode the strategy's own signal is the advice, which its code gives.
            if (mode === 'deterministic' || (name === 'strategy' && o.decide === 'strategy'))
              return { done: true, value: signals[k] };
            return analystStep(name, mode, snapshot, signals[k], llm.steps, llm.ask);
          }),
        );
        if (!asked.done) return stopAt(i, mark!, asked.need);
        signals = asked.value;
      }
    }
    let decision = decideTrade(signals, o.decide, coordinator, held, pendingEntry);
    const coordinatorMode = llm?.agents.coordinator ?? 'deterministic';
    if (llm && coordinatorMode !== 'deterministic' && coordinatorIsHeard(decision, coordinatorMode, o.decide, held)) {
      const asked = coordinatorStep(snapshot, signals, decision, llm.debateRounds, llm.steps, llm.ask);
      if (!asked.done) return stopAt(i, mark!, asked.need);
      const v = asked.value;
      if (!(v.spent && llm.steps.onExhausted === 'deterministic'))
        decision = coordinatorDecision(decision, v.read, coordinatorMode, o.decide, held);
    }
    cycles++;

    let locks: ProtectionLock[] | undefined;
    if (o.protections) {
      const realised = account.equity - account.positions.reduce((s, p) => s + p.unrealizedPnl, 0);
      locks = activeLocks(broker.trades, o.protections, t, tf, realised);
      for (const l of locks) if (!announced.has(l.id)) announced.set(l.id, l);
    }
    const view: CycleView = {
      time: t,
      price: quote.last,
      // ATR and the track record size entries only: a HOLD never reads them.
      atr: decision.action === 'HOLD' ? null : snapshotAtr(main),
      marketType: o.market.type,
      account: { equity: round8(account.equity), cash: round8(account.cash) },
      openPositions: account.positions,
      strategyStats:
        decision.action === 'HOLD' ? undefined : strategyStatsOf(broker.trades.slice(-RECORD_TRADES).map((x) => x.pnl)),
      venue,
      ...(locks ? { locks } : {}),
    };
    const riskContext = {
      symbol: o.symbol,
      riskLimits: o.riskLimits,
      dayStartEquity,
      realizedPnlToday,
      exitsOnly: paused,
    };
    let verdict = cycleVerdict(decision, signals, view, riskContext);
    if (llm && llm.agents.risk !== 'deterministic' && isReviewableEntry(verdict)) {
      const asked = riskReviewStep(snapshot, decision, verdict, llm.steps, llm.ask);
      if (!asked.done) return stopAt(i, mark!, asked.need);
      verdict = reviewCycleVerdict(verdict, asked.value.read, decision, signals, view, riskContext);
    }
    const report = broker.execute(verdict, `c${t}`, quote, volume[i], t, limits);
    // The cycle's recording: stops and take-profits that fired since the last cycle settle now.
    realizedPnlToday += report.realizedPnl + broker.settle(t);
    // As the session carries it: only a reversal whose close filled leaves an entry for the next cycle.
    pendingEntry =
      decision.reversalTo && report.orders.some((x) => x.purpose === 'close' && x.filled > 0)
        ? decision.reversalTo
        : undefined;
    if (decision.action === 'HOLD' && report.orders.length === 0) holds++;
    else
      decisions.push({
        time: t,
        action: decision.action,
        verdict: decision.action === 'HOLD' ? 'none' : verdict.verdict,
        reasons: [...decision.reasons.slice(0, 2), ...verdict.reasons, ...report.notes],
        orders: report.orders,
        compensated: report.compensated,
      });
    // The session's kill switch: flatten, then exits only until the next UTC day.
    const after = broker.account(quote.last).equity;
    const lossPct = dayStartEquity > 0 ? ((dayStartEquity - after) / dayStartEquity) * 100 : 0;
    if (!paused && (verdict.killSwitch || lossPct >= o.riskLimits.max_daily_loss_pct)) {
      realizedPnlToday += broker.closeAll(quote, t);
      paused = true;
    }
  }
  // Only the chunk that ran the last candle ends the run, once.
  if (end === n && from < end) {
    broker.settle(time[n - 1] + tf);
    broker.closeAll(venueQuote(o.market, close[n - 1]), time[n - 1] + tf);
    equity[n - 1 - from] = broker.account(close[n - 1]).equity;
  }
  return {
    state: {
      next: end,
      broker: broker.snapshot(),
      dayStartMs,
      dayStartEquity,
      realizedPnlToday,
      paused,
      cycles,
      holds,
      exposed,
      announced: [...announced.values()],
      ...(pendingEntry ? { pendingEntry } : {}),
    },
    from,
    to: end,
    equity,
    decisions,
  };
}

/** The report of a finished run from its final state, its whole equity curve and every decision. */
export function pipelineResult(
  series: CandleSeries,
  o: Pick<PipelineBacktestOptions, 'timeframe' | 'initialCapital'>,
  state: PipelineState,
  equity: Float64Array,
  decisions: PipelineDecision[],
): PipelineBacktestResult {
  const n = series.length;
  const tf = timeframeToMs(o.timeframe);
  const { time } = series;
  const trades = state.broker.trades;
  const indexOf = (ms: number) => Math.min(n - 1, Math.max(0, firstIndexAtOrAfter(time, ms - tf + 1)));
  const metrics = computeMetrics({
    equity,
    time,
    trades: trades.map((x) => ({
      entryTime: x.entryTime,
      exitTime: x.exitTime,
      entryIndex: indexOf(x.entryTime),
      exitIndex: indexOf(x.exitTime),
      pnl: x.pnl,
    })),
    initialCapital: o.initialCapital,
    timeframeMs: tf,
    feesPaid: state.broker.feesPaid,
    fundingPaid: 0,
    exposedCandles: state.exposed,
  });
  return { metrics, equity, trades, decisions, cycles: state.cycles, holds: state.holds, locks: state.announced };
}

function analyze(agent: Agent, snapshot: MarketSnapshot): AgentSignal {
  try {
    const s = agent.analyze(snapshot);
    if (s instanceof Promise)
      throw new Error(`${agent.name} is not deterministic: the pipeline backtest runs pure agents`);
    return s;
  } catch (e) {
    // As in the cycle: a failing analyst abstains and the decision goes on without it.
    return abstain(agent.name, `agent failed: ${(e as Error).message}`, { failed: true });
  }
}

/** What a candle starts from, kept where the model may be asked (see stopAt); `announced`: locks announced before it. */
type CandleStart = Pick<
  PipelineState,
  'broker' | 'dayStartMs' | 'dayStartEquity' | 'realizedPnlToday' | 'paused' | 'cycles' | 'exposed'
> & { announced: number };

const higherMemo = new WeakMap<CandleSeries, Map<number, CandleSeries>>();

/** The series on the next timeframe up, built once per series: a model-asking run re-enters chunks often. */
function higherCandles(series: CandleSeries, tf: number, htf: number): CandleSeries {
  let byTf = higherMemo.get(series);
  if (!byTf) higherMemo.set(series, (byTf = new Map()));
  let h = byTf.get(htf);
  if (!h) byTf.set(htf, (h = aggregateCandles(series, tf, htf)));
  return h;
}

/** Candles opening in [from, closedBy − tf]: those closed at `closedBy`, as the snapshot fetches them. */
function windowByTime(s: CandleSeries, from: number, closedBy: number, tf: number): CandleSeries {
  const a = firstIndexAtOrAfter(s.time, from);
  const b = firstIndexAtOrAfter(s.time, closedBy - tf + 1);
  return candleSeriesSlice(s, a, b);
}
