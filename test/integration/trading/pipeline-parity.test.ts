// The proof that what trades is what was backtested: a paper session on the real stack (Temporal,
// PostgreSQL, Redis, the paper venue over a stepped sim replay of a candle file) against the pipeline
// backtest of the same candles with the same configuration. Decision for decision: the action, the
// orders' purposes, sides, quantities and fill prices, and the trades the ledger closed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createActivities } from '../../../activities';
import { createDeterministicAgents } from '../../../core/agents/create-agents';
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import type { DecisionMode } from '../../../core/pipeline/decision-mode';
import type { ProtectionsConfig } from '../../../core/protections/types';
import { runPipelineBacktest, type PipelineBacktestResult } from '../../../core/pipeline/run-pipeline-backtest';
import { RandomWalk } from '../../../core/sim/random-walk';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { EVENTS_CHANNEL } from '../../../core/events/gateway-event';
import { createRedis } from '../../../infra/adapters/redis';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { SimExchange } from '../../../infra/adapters/exchange/sim-exchange';
import { SteppedSimClock } from '../../../infra/adapters/exchange/stepped-sim-clock';
import { SessionVenueProvider } from '../../../infra/adapters/exchange/venue-provider';
import { sessionWorkflowId, type TradingSessionInput } from '../../../workflows/trading-contract';
import { statusQuery } from '../../../workflows/definitions';
import { tradingSession } from '../../../workflows/trading-session';
import { startTestWorker, type TestWorker } from '../test-worker';
import { testConfig, uniqueId } from './session-harness';

jest.setTimeout(600_000);

const SYMBOL = 'BTC/USDT:USDT';
const TF = 60_000;
const CANDLES = 420;
// One UTC day, away from midnight: the daily loss limit counts from one day start in both runs.
const START = Date.UTC(2026, 2, 2, 2);

function candles(seed: number): CandleSeries {
  const s = allocateCandleSeries(CANDLES);
  new RandomWalk({ seed, startTime: START, timeframeMs: TF, startPrice: 60_000, baseVolume: 40 }).fill(s, 0, CANDLES);
  return s;
}

interface Run {
  sessionId: string;
  sim: SimExchange;
  prisma: PrismaClient;
}

let testWorker: TestWorker;
let client: Client;
let prisma: PrismaClient;
let redis: ReturnType<typeof createRedis>;
const sims = new Map<string, SimExchange>();
const taskQueue = uniqueId('parity-');

const events: { type: string; data: { sessionId?: string; id?: string } }[] = [];
let subscriber: ReturnType<typeof createRedis>;

beforeAll(async () => {
  prisma = createPrisma(process.env.DATABASE_URL!);
  redis = createRedis(process.env.REDIS_URL!);
  subscriber = createRedis(process.env.REDIS_URL!);
  subscriber.on('message', (_channel: string, text: string) => events.push(JSON.parse(text)));
  await subscriber.subscribe(EVENTS_CHANNEL);
  // Each session trades its own replay: the venue provider finds it by the session's exchange name.
  const venues = new SessionVenueProvider({
    prisma,
    marketData: async (exchange) => {
      const sim = sims.get(exchange);
      if (!sim) throw new Error(`no replay for exchange ${exchange}`);
      return sim;
    },
  });
  testWorker = await startTestWorker({
    taskQueue,
    activities: createActivities({ prisma, redis, config: testConfig(), venues, log: () => {} }),
  });
  client = testWorker.client;
});

afterAll(async () => {
  await testWorker?.stop();
  redis?.disconnect();
  subscriber?.disconnect();
  await prisma?.$disconnect();
});

/** Protections on both sides: their locks come from the trades, so they must lock the same cycles. */
const PROTECTIONS: ProtectionsConfig = {
  cooldownPeriod: { stopDurationCandles: 3 },
  stoplossGuard: { lookbackCandles: 60, tradeLimit: 2, stopDurationCandles: 20, onlyPerPair: false },
};

async function runSession(
  decide: DecisionMode,
  strategy: string,
  series: CandleSeries,
  protections?: ProtectionsConfig,
): Promise<Run & { input: TradingSessionInput; shownLocks: Set<string> }> {
  const sessionId = uniqueId(`parity-${decide}-`);
  const dir = mkdtempSync(path.join(tmpdir(), 'opentrade-parity-'));
  const sim = new SimExchange({
    clock: { wallStart: 0, speed: 1 },
    replay: { symbol: 'BTC/USDT', series },
    marketType: 'swap',
    stepped: new SteppedSimClock(path.join(dir, 'clock.json'), series.time[0]),
  });
  sims.set('sim', sim);
  const input: TradingSessionInput = {
    sessionId,
    mode: 'paper',
    exchange: 'sim',
    symbols: [SYMBOL],
    timeframe: '1m',
    strategy: { name: strategy, params: { allowShort: true } },
    riskLimits: testConfig().risk,
    decide,
    ...(protections ? { protections } : {}),
    // The first advance is the session's history; it then decides the close of every candle that
    // has a next one to fill at: candles 1 .. CANDLES − 2.
    maxCycles: CANDLES - 2,
  };
  const h = await client.workflow.start(tradingSession, {
    taskQueue,
    workflowId: sessionWorkflowId(sessionId),
    args: [input],
  });
  // What the status query showed while it ran: the locks the dashboard and `trade status` list.
  const shownLocks = new Set<string>();
  let running = true;
  const watch = (async () => {
    while (running) {
      const status = await h.query(statusQuery).catch(() => undefined);
      for (const l of status?.state.locks ?? []) shownLocks.add(l.id);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const result = await h.result().finally(() => (running = false));
  await watch;
  expect(result.status).toBe('stopped');
  return { sessionId, sim, prisma, input, shownLocks };
}

function backtest(
  decide: DecisionMode,
  strategy: string,
  series: CandleSeries,
  sim: SimExchange,
  protections?: ProtectionsConfig,
) {
  const s = resolveStrategy(strategy);
  return sim.market(SYMBOL).then((market) =>
    runPipelineBacktest(series, {
      symbol: SYMBOL,
      market,
      timeframe: '1m',
      higherTimeframe: '3m',
      decide,
      strategy: s.create(resolveParams(s, { allowShort: true }) as never),
      agents: createDeterministicAgents(),
      riskLimits: testConfig().risk,
      ...(protections ? { protections } : {}),
      initialCapital: 10_000,
    }),
  );
}

const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));

async function compare(run: Run, bt: PipelineBacktestResult, locked = false) {
  const decisions = await prisma.decision.findMany({
    where: { sessionId: run.sessionId },
    orderBy: { candleTime: 'asc' },
  });
  expect(decisions).toHaveLength(CANDLES - 2);
  const orders = await prisma.order.findMany({ where: { sessionId: run.sessionId }, orderBy: { createdAt: 'asc' } });
  const byCycle = new Map<string, typeof orders>();
  for (const o of orders) byCycle.set(o.decisionId ?? '', [...(byCycle.get(o.decisionId ?? '') ?? []), o]);
  const backtested = new Map(bt.decisions.map((d) => [d.time, d]));

  let trading = 0;
  for (const d of decisions) {
    const t = d.candleTime.getTime();
    const b = backtested.get(t);
    const at = new Date(t).toISOString();
    const sessionOrders = (byCycle.get(d.id) ?? [])
      .filter((o) => o.purpose !== 'stop_loss' && o.purpose !== 'take_profit')
      .map((o) => ({ purpose: o.purpose, side: o.side, amount: Number(o.amount), filled: Number(o.filled) }));
    const backtestOrders = (b?.orders ?? [])
      .filter((o) => o.purpose !== 'stop_loss' && o.purpose !== 'take_profit')
      .map((o) => ({ purpose: o.purpose, side: o.side, amount: o.quantity, filled: o.filled }));
    const verdict = (d.riskVerdict as { verdict?: string; reasons?: string[] } | null) ?? {};
    const mine = {
      at,
      action: d.action,
      verdict: d.action === 'HOLD' ? 'none' : verdict.verdict,
      orders: sessionOrders,
    };
    const theirs = { at, action: b?.action ?? 'HOLD', verdict: b?.verdict ?? 'none', orders: backtestOrders };
    if (JSON.stringify(mine) !== JSON.stringify(theirs))
      // Both sides' reasons say where the two paths parted.
      throw new Error(
        `parity broken at ${at}\nsession:  ${JSON.stringify(mine)}\n${d.reasoning}\n${(verdict.reasons ?? []).join('\n')}\n` +
          `backtest: ${JSON.stringify(theirs)}\n${(b?.reasons ?? []).join('\n')}`,
      );
    if (sessionOrders.length) trading++;
    // Fill prices: the same venue quote and the same paper engine give the same average.
    for (const o of byCycle.get(d.id) ?? []) {
      const twin = b?.orders.find((x) => x.purpose === o.purpose);
      if (o.average !== null && twin?.average !== undefined)
        expect({ at, purpose: o.purpose, average: Number(o.average) }).toEqual({
          at,
          purpose: o.purpose,
          average: expect.closeTo(twin.average, 6),
        });
      if (o.triggerPrice !== null && twin?.triggerPrice !== undefined)
        expect(Number(o.triggerPrice)).toBeCloseTo(twin.triggerPrice, 6);
    }
  }
  expect(trading).toBeGreaterThan(3);
  // The protections locked some entries, on the same cycles on both sides (the verdicts agreed).
  if (locked) expect(bt.decisions.some((x) => x.reasons.some((r) => r.startsWith('protection lock:')))).toBe(true);

  // The trades the session's ledger closed are the backtest's, up to the session's last candle.
  const last = decisions[decisions.length - 1].candleTime.getTime();
  const closed = await prisma.trade.findMany({
    where: { sessionId: run.sessionId, status: 'closed' },
    orderBy: [{ closedAt: 'asc' }, { id: 'asc' }],
  });
  const sessionTrades = closed.map((t) => ({
    side: t.side,
    quantity: Number(t.quantity),
    entryPrice: Number(t.entryPrice),
    exitPrice: num(t.exitPrice)!,
    pnl: num(t.pnl)!,
  }));
  const backtestTrades = bt.trades
    .filter((t) => t.exitTime < last + TF)
    .map((t) => ({ side: t.side, quantity: t.quantity, entryPrice: t.entryPrice, exitPrice: t.exitPrice, pnl: t.pnl }));
  // Trades closed by one exit share its time; their order within it is the ledger's row order.
  const key = (t: { exitPrice: number; entryPrice: number; quantity: number }) =>
    `${t.exitPrice.toFixed(6)} ${t.entryPrice.toFixed(6)} ${t.quantity}`;
  sessionTrades.sort((a, b) => key(a).localeCompare(key(b)));
  backtestTrades.sort((a, b) => key(a).localeCompare(key(b)));
  expect(sessionTrades.length).toBe(backtestTrades.length);
  sessionTrades.forEach((s, k) => {
    const b = backtestTrades[k];
    expect({ k, side: s.side, quantity: s.quantity }).toEqual({ k, side: b.side, quantity: b.quantity });
    expect(s.entryPrice).toBeCloseTo(b.entryPrice, 6);
    expect(s.exitPrice).toBeCloseTo(b.exitPrice, 6);
    // pnl after fees: equal up to the fees' rounding
    expect(Math.abs(s.pnl - b.pnl)).toBeLessThan(0.01);
  });
  return { trades: sessionTrades, trading };
}

test('strategy mode: a paper session and the pipeline backtest trade the same, decision for decision', async () => {
  const series = candles(21);
  const run = await runSession('strategy', 'supertrend', series);
  const bt = await backtest('strategy', 'supertrend', series, run.sim);
  const { trades } = await compare(run, bt);
  expect(new Set(trades.map((t) => t.side))).toEqual(new Set(['long', 'short']));
});

test('ensemble mode with protections: the same, with every analyst deciding and the same cycles locked', async () => {
  const series = candles(22);
  const run = await runSession('ensemble', 'macd-trend', series, PROTECTIONS);
  const bt = await backtest('ensemble', 'macd-trend', series, run.sim, PROTECTIONS);
  const { trades } = await compare(run, bt, true);
  // Each lock was announced once, as a protection.lock event, and they are the backtest's locks.
  const announced = events.filter((e) => e.type === 'protection.lock' && e.data.sessionId === run.sessionId);
  expect(announced.map((e) => e.data.id).sort()).toEqual(bt.locks.map((l) => l.id).sort());
  expect(announced.length).toBeGreaterThan(0);
  // The session's status showed them while they were in force (polled, so at least one of them).
  expect(run.shownLocks.size).toBeGreaterThan(0);
  for (const id of run.shownLocks) expect(bt.locks.map((l) => l.id)).toContain(id);
  expect(new Set(trades.map((t) => t.side))).toEqual(new Set(['long', 'short']));
});
