// The one shared module of Temporal names: task queues, search attributes, signals and queries.
// Imported by workflows, workers, api and cli alike.

import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SessionStatus, TradingCycleInput, TradingSessionInput } from './trading-contract';
import type { BacktestProgress } from './backtest-contract';
import type { EvolutionProgress } from './evolution-contract';

export const TASK_QUEUES = {
  trading: 'opentrade-trading',
  backtest: 'opentrade-backtest',
  evolution: 'opentrade-evolution',
  intel: 'opentrade-intel',
  notify: 'opentrade-notify',
} as const;

export type TaskQueueName = keyof typeof TASK_QUEUES;

/** Custom search attributes sessions and cycles set, so the Temporal UI can list and filter decisions. */
export const SEARCH_ATTRIBUTE_KEYS = {
  session: defineSearchAttributeKey('OpenTradeSession', 'KEYWORD'),
  symbol: defineSearchAttributeKey('OpenTradeSymbol', 'KEYWORD'),
  mode: defineSearchAttributeKey('OpenTradeMode', 'KEYWORD'),
  strategy: defineSearchAttributeKey('OpenTradeStrategy', 'KEYWORD'),
  decision: defineSearchAttributeKey('OpenTradeDecision', 'KEYWORD'),
  kind: defineSearchAttributeKey('OpenTradeKind', 'KEYWORD'),
} as const;

/** Every custom search attribute's name (all keywords), as the namespace registers them. */
export const SEARCH_ATTRIBUTE_NAMES = Object.values(SEARCH_ATTRIBUTE_KEYS).map((k) => k.name);

const K = SEARCH_ATTRIBUTE_KEYS;

/** What a session is listed by, set when it starts. */
export const sessionSearchAttributes = (
  i: Pick<TradingSessionInput, 'sessionId' | 'mode' | 'symbols' | 'strategy'>,
): SearchAttributePair[] => [
  { key: K.session, value: i.sessionId },
  { key: K.mode, value: i.mode },
  { key: K.symbol, value: i.symbols[0] },
  { key: K.strategy, value: i.strategy.name },
  { key: K.kind, value: 'session' },
];

/** What a cycle is listed by, set when it starts; the cycle adds its decision once it has one. */
export const cycleSearchAttributes = (
  i: Pick<TradingCycleInput, 'sessionId' | 'mode' | 'symbol' | 'strategy'>,
): SearchAttributePair[] => [
  { key: K.session, value: i.sessionId },
  { key: K.mode, value: i.mode },
  { key: K.symbol, value: i.symbol },
  { key: K.strategy, value: i.strategy.name },
  { key: K.kind, value: 'cycle' },
];

// ---------------------------------------------------------------- trading session

/** No new entries until resumed; exits, SL/TP and reconciliation go on. */
export const pauseSignal = defineSignal<[reason?: string]>('pause');
export const resumeSignal = defineSignal('resume');
/** Ends the session after the running cycle; open positions keep their exchange-side SL/TP. */
export const stopSignal = defineSignal<[reason?: string]>('stop');
/** Cancels the session's open orders, flattens its positions, then ends the session. */
export const killSignal = defineSignal<[reason?: string]>('kill');
/**
 * Closes the session's position in one symbol (or `all`) at market and cancels its resting orders,
 * before the next candle; the session goes on. Callers check the symbol against the session's first.
 */
export const forceExitSignal = defineSignal<[symbol: string, reason?: string]>('forceExit');
export const statusQuery = defineQuery<SessionStatus>('status');

// ---------------------------------------------------------------- durable backtest

/** Where a `backtest` workflow is: phase, candles done of total, chunk of chunks. */
export const backtestProgressQuery = defineQuery<BacktestProgress>('backtestProgress');

// ---------------------------------------------------------------- evolution

/** Where an `evolution` workflow is: phase, generation of generations, best training fitness so far. */
export const evolutionProgressQuery = defineQuery<EvolutionProgress>('evolutionProgress');
