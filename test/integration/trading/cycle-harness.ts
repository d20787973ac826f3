// Real dependencies for trading-cycle tests: the integration stack's Postgres and Redis, a replayed sim
// market whose clock the test sets (so a chosen candle has just closed), paper accounts over it, and
// fault injection keyed by session id: a venue that fails chosen calls, agents and recording that fail.
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { createActivities } from '../../../activities';
import type { ActivityDeps, SessionVenue, VenueProvider } from '../../../activities/deps';
import type { AgentName } from '../../../core/agents';
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles';
import { ConfigSchema } from '../../../core/config/schema';
import { ExchangeError, type ExchangePlugin, type ProtectionOrderRequest } from '../../../core/exchange/types';
import { createRedis } from '../../../infra/adapters/redis';
import { createPrisma, parseDatabaseUrl, sqlFromPool, type PrismaClient } from '../../../infra/adapters/db';
import { SimExchange } from '../../../infra/adapters/exchange/sim-exchange';
import { SessionVenueProvider } from '../../../infra/adapters/exchange/venue-provider';
import { cycleSearchAttributes } from '../../../workflows/definitions';
import {
  cycleStaticSummary,
  cycleWorkflowId,
  type TradingCycleInput,
  type TradingCycleResult,
} from '../../../workflows/trading-contract';
import { tradingCycle } from '../../../workflows/trading-cycle';

export const SYMBOL = 'BTC/USDT';
const START = Date.UTC(2026, 1, 16);
const MINUTE = 60_000;

/**
 * 1m candles around 60 000 on a 240-candle sine: ema-cross (12/26) enters long after candles 198 and
 * 438 and exits after 318 and 558 (checked by the tests through the strategy itself).
 */
export function sineSeries(n = 600, volume = 20): CandleSeries {
  const s = allocateCandleSeries(n);
  for (let i = 0; i < n; i++) {
    const c = 60_000 + 900 * Math.sin((2 * Math.PI * i) / 240) + 40 * Math.sin(i * 1.7);
    const p = i ? s.close[i - 1] : c;
    s.time[i] = START + i * MINUTE;
    s.open[i] = p;
    s.close[i] = c;
    s.high[i] = Math.max(p, c) + 5;
    s.low[i] = Math.min(p, c) - 5;
    s.volume[i] = volume;
  }
  return s;
}

export const CANDLE = { buy: 198, sell: 318, hold: 250, buy2: 438 } as const;
/** Close time of candle `i`: what a cycle on it is keyed by. */
export const closeOf = (i: number) => START + (i + 1) * MINUTE;

export interface Faults {
  /** Venue calls that fail: `protection:stop_loss`, `protection:take_profit`, `createOrder:lose-answer-once`, `<method>:fail-once`. */
  venue: Map<string, Set<string>>;
  agents: Map<string, { name: AgentName; mode: 'throw' | 'hang' }>;
  record: Map<string, 'fail' | 'fail-once-after-write'>;
}

class FaultyVenues implements VenueProvider {
  constructor(
    private readonly real: VenueProvider,
    private readonly faults: Faults,
  ) {}

  marketData(exchange: string): Promise<ExchangePlugin> {
    return this.real.marketData(exchange);
  }

  async forSession(s: SessionVenue): Promise<ExchangePlugin> {
    const venue = await this.real.forSession(s);
    const faults = this.faults;
    return new Proxy(venue, {
      get(target, prop, receiver) {
        const chosen = faults.venue.get(s.sessionId);
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (!chosen || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        if (prop === 'createProtectionOrder') {
          return async (req: ProtectionOrderRequest) => {
            if (chosen.has(`protection:${req.kind}`))
              throw new ExchangeError('invalid_order', 'paper', `injected: ${req.kind} rejected`);
            return target.createProtectionOrder(req);
          };
        }
        if (chosen.has(`${String(prop)}:fail-once`)) {
          return async (...args: unknown[]) => {
            chosen.delete(`${String(prop)}:fail-once`);
            chosen.add(`${String(prop)}:failed`);
            void args;
            throw new ExchangeError('network', 'paper', `injected: ${String(prop)} timed out`);
          };
        }
        if (prop === 'createOrder' && chosen.has('createOrder:lose-answer-once')) {
          return async (...args: Parameters<ExchangePlugin['createOrder']>) => {
            const order = await target.createOrder(...args);
            // The order is placed; the answer is "lost" once, as on a dropped connection.
            chosen.delete('createOrder:lose-answer-once');
            chosen.add('createOrder:lost');
            throw new ExchangeError(
              'network',
              'paper',
              `injected: connection reset after placing ${order.clientOrderId}`,
            );
          };
        }
        return value.bind(target);
      },
    });
  }
}

export type CycleDeps = ActivityDeps & {
  sim: SimExchange;
  faults: Faults;
  setSimTime(ms: number): void;
  close(): Promise<void>;
};

/** `volume`: base units traded per candle; the paper venue fills at most a tenth of it at once. */
/** `databaseUrl`: another database or `?schema=` than DATABASE_URL's (wired as the worker wires it). */
export function cycleDeps(opts: { volume?: number; databaseUrl?: string } = {}): CycleDeps {
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL!;
  const schema = parseDatabaseUrl(databaseUrl).schema;
  const prisma: PrismaClient = createPrisma(databaseUrl);
  // The statements of a cycle go through a pg pool, as `opentrade worker` wires them.
  const sql = sqlFromPool(databaseUrl, { max: 10 });
  const redis = createRedis(process.env.REDIS_URL!);
  const wallStart = Date.now();
  let wall = wallStart;
  const series = sineSeries(600, opts.volume);
  const sim = new SimExchange({ clock: { wallStart, speed: 1 }, replay: { symbol: SYMBOL, series }, now: () => wall });
  const faults: Faults = { venue: new Map(), agents: new Map(), record: new Map() };
  const real = new SessionVenueProvider({ prisma, sql, ...(schema ? { schema } : {}), marketData: async () => sim });
  return {
    prisma,
    sql,
    databaseUrl,
    redis,
    config: ConfigSchema.parse({ gateway: { token: 't'.repeat(40) } }),
    venues: new FaultyVenues(real, faults),
    log: () => {},
    sim,
    faults,
    setSimTime(ms: number) {
      wall = wallStart + (ms - series.time[0]);
    },
    async close() {
      redis.disconnect();
      await sql.close();
      await prisma.$disconnect();
    },
  };
}

/** The real activities, with the agent and recording faults of `deps.faults` applied per session. */
export function cycleActivities(deps: CycleDeps) {
  const real = createActivities(deps);
  return {
    ...real,
    async runAgent(...args: Parameters<typeof real.runAgent>) {
      const [name, key] = args;
      const fault = [...deps.faults.agents.entries()].find(
        ([session, f]) => key.includes(`cycle-${session}-`) && f.name === name,
      )?.[1];
      if (fault?.mode === 'throw') throw new Error(`injected: ${name} crashed`);
      if (fault?.mode === 'hang') await new Promise((r) => setTimeout(r, 12_000));
      return real.runAgent(...args);
    },
    async recordCycle(...args: Parameters<typeof real.recordCycle>) {
      const fault = deps.faults.record.get(args[0].input.sessionId);
      if (fault === 'fail')
        throw ApplicationFailure.nonRetryable('injected: database rejected the record', 'RecordRejected');
      const out = await real.recordCycle(...args);
      if (fault === 'fail-once-after-write') {
        deps.faults.record.delete(args[0].input.sessionId);
        throw new Error('injected: connection lost after the record was written');
      }
      return out;
    },
  };
}

/** Weights that let the strategy lead the ensemble (macro keeps its veto weight), for tests that decide in ensemble mode. */
export const STRATEGY_LED = { weights: { market: 0, strategy: 1, onchain: 0, sentiment: 0, macro: 1 } };

export function cycleInput(
  sessionId: string,
  candle: number,
  over: Partial<TradingCycleInput> = {},
): TradingCycleInput {
  return {
    sessionId,
    mode: 'paper',
    exchange: 'sim',
    symbol: SYMBOL,
    timeframe: '1m',
    strategy: { name: 'ema-cross', params: {} },
    riskLimits: ConfigSchema.shape.risk.parse(undefined),
    candleCloseMs: closeOf(candle),
    dayStartEquity: 10_000,
    realizedPnlToday: 0,
    exitsOnly: false,
    coordinator: STRATEGY_LED,
    ...over,
  };
}

export const cycleIdOf = (input: TradingCycleInput) =>
  cycleWorkflowId(input.sessionId, input.candleCloseMs, input.symbol);

/** One cycle to its result on `taskQueue`, with the sim clock just past its candle's close and its search attributes set (as a session runs it). */
export async function runCycleOn(
  client: Client,
  taskQueue: string,
  deps: Pick<CycleDeps, 'setSimTime'>,
  input: TradingCycleInput,
): Promise<TradingCycleResult> {
  deps.setSimTime(input.candleCloseMs + 1_000);
  return client.workflow.execute(tradingCycle, {
    taskQueue,
    workflowId: cycleIdOf(input),
    args: [input],
    staticSummary: cycleStaticSummary(input),
    typedSearchAttributes: cycleSearchAttributes(input),
  });
}
export const uniqueSession = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
