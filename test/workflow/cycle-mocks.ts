// Mocked activities of one trading cycle: a snapshot at 60 000, analysts that all say the same thing,
// a venue that fills every order at once at the snapshot's price, and a recorder that succeeds.
// A test overrides the one activity whose failure or odd answer it is about.
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../activities';
import type { ExecutedOrder } from '../../activities/execution';
import type { SnapshotRef } from '../../activities/snapshot';
import type { AgentName, AgentSignal } from '../../core/agents/signal';
import { ConfigSchema } from '../../core/config/schema';
import type { TradingCycleInput } from '../../workflows/trading-contract';
import { logged, type Call } from './harness';

export const PRICE = 60_000;
export const EQUITY = 10_000;
export const SYMBOL = 'BTC/USDT';
/** A candle close on a fixed day, far from any UTC midnight. */
export const CLOSE_MS = Date.UTC(2026, 1, 16, 12);

export type CycleActivities = Pick<
  Activities,
  | 'buildSnapshot'
  | 'runAgent'
  | 'submitCycleOrder'
  | 'placeProtectionOrder'
  | 'trailingStopVenue'
  | 'trailingStopState'
  | 'cancelRestingStop'
  | 'cancelCycleOrders'
  | 'flattenCycleEntry'
  | 'cancelProtectionOrders'
  | 'recordCycle'
>;

/** What the analysts say: every one of them `direction` with confidence 0.9; `macroEvent` puts an event window in force. */
export interface Outlook {
  direction: number;
  macroEvent?: boolean;
}
export const BULLISH: Outlook = { direction: 1 };
export const NEUTRAL: Outlook = { direction: 0 };

export function cycleInput(over: Partial<TradingCycleInput> = {}): TradingCycleInput {
  return {
    sessionId: 'wf',
    mode: 'paper',
    exchange: 'sim',
    symbol: SYMBOL,
    timeframe: '1m',
    strategy: { name: 'ema-cross', params: {} },
    riskLimits: ConfigSchema.shape.risk.parse(undefined),
    candleCloseMs: CLOSE_MS,
    dayStartEquity: EQUITY,
    realizedPnlToday: 0,
    exitsOnly: false,
    ...over,
  };
}

export function snapshot(cycleId: string, over: Partial<SnapshotRef['summary']> = {}): SnapshotRef {
  return {
    key: `snapshot:${cycleId}`,
    summary: {
      time: CLOSE_MS,
      price: PRICE,
      atr: 300,
      candles: {},
      quote: 'USDT',
      marketType: 'spot',
      account: { equity: EQUITY, cash: EQUITY },
      position: null,
      openPositions: [],
      strategyAdvice: 'none',
      missing: [],
      venue: { amountStep: 0.00001, minAmount: 0.00001, minNotional: 5 },
      ...over,
    },
  };
}

export function signal(name: AgentName, o: Outlook): AgentSignal {
  // The strategy advises the entry the outlook points to, so both decision modes trade on it.
  const advice = o.direction > 0 ? 'enter_long' : o.direction < 0 ? 'enter_short' : 'hold';
  const data: Record<string, unknown> =
    name === 'macro'
      ? { eventWindow: o.macroEvent ? { kind: 'fomc', eventTime: CLOSE_MS + 3_600_000 } : null }
      : name === 'strategy'
        ? { advice }
        : {};
  return { agent: name, direction: o.direction, confidence: 0.9, reasoning: 'mocked', data };
}

type OrderArgs = Parameters<Activities['submitCycleOrder']>[0];
type ProtectionArgs = Parameters<Activities['placeProtectionOrder']>[0];

export function filled(r: OrderArgs, over: Partial<ExecutedOrder> = {}): ExecutedOrder {
  return {
    clientOrderId: `${r.cycleId}-${r.purpose}`,
    purpose: r.purpose,
    side: r.side,
    quantity: r.quantity,
    filled: r.quantity,
    average: PRICE,
    status: 'closed',
    fee: 0.1,
    ...over,
  };
}

export function protection(r: ProtectionArgs): ExecutedOrder {
  return {
    clientOrderId: `${r.cycleId}-${r.purpose ?? r.kind}`,
    purpose: r.purpose ?? r.kind,
    side: r.side,
    quantity: r.quantity,
    filled: 0,
    status: 'open',
    fee: 0,
    triggerPrice: r.triggerPrice,
  };
}

/** A venue's refusal that no retry changes (the presets list these types as non-retryable). */
export const refused = (what: string) =>
  ApplicationFailure.nonRetryable(`injected: ${what}`, 'ExchangeError.invalid_order');

/** The default mocks (overridden by `over`), each appending to `calls`. */
export function cycleMocks(calls: Call[], outlook: Outlook, over: Partial<CycleActivities> = {}): CycleActivities {
  const defaults: CycleActivities = {
    buildSnapshot: async (_input, cycleId) => snapshot(cycleId),
    runAgent: async (name) => signal(name, outlook),
    submitCycleOrder: async (r) => filled(r),
    placeProtectionOrder: async (r) => protection(r),
    // A venue without trailing orders, no stop resting: each test about trailing sets what it needs.
    trailingStopVenue: async () => ({ exchangeSide: false, priceTick: 0.01 }),
    trailingStopState: async () => ({ exchangeSide: false, priceTick: 0.01, stops: [], entryMs: null, extreme: null }),
    cancelRestingStop: async (r) => ({ clientOrderId: r.clientOrderId, status: 'canceled' }),
    cancelCycleOrders: async () => [],
    flattenCycleEntry: async (r) => ({
      clientOrderId: `${r.cycleId}-flatten`,
      purpose: 'close',
      side: r.entrySide === 'buy' ? 'sell' : 'buy',
      quantity: 0,
      filled: 0,
      status: 'closed',
      fee: 0,
    }),
    cancelProtectionOrders: async () => [],
    recordCycle: async () => ({ realizedPnl: 0, equity: EQUITY, position: null }),
  };
  return logged(calls, { ...defaults, ...over } as CycleActivities);
}

/** The order-side activities: none of them may run when nothing is traded. */
export const ORDER_ACTIVITIES = [
  'submitCycleOrder',
  'placeProtectionOrder',
  'trailingStopVenue',
  'trailingStopState',
  'cancelRestingStop',
  'cancelCycleOrders',
  'flattenCycleEntry',
  'cancelProtectionOrders',
];
