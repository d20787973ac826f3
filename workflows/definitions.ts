// The one shared module of Temporal names: task queues, search attributes, and (as workflows grow)
// signal / query / update definitions. Imported by workflows, workers, api and cli alike.

import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SessionStatus } from './trading-contract';
import type { BacktestProgress } from './backtest-contract';
import type { EvolutionProgress } from './evolution-contract';

export const TASK_QUEUES = {
  trading: 'opentrade-trading',
  backtest: 'opentrade-backtest',
  evolution: 'opentrade-evolution',
} as const;

export type TaskQueueName = keyof typeof TASK_QUEUES;

/** Custom search attributes every cycle sets, so the Temporal UI can list and filter decisions. */
export const SEARCH_ATTRIBUTES = {
  OpenTradeSession: 'Keyword',
  OpenTradeSymbol: 'Keyword',
  OpenTradeMode: 'Keyword',
  OpenTradeStrategy: 'Keyword',
  OpenTradeDecision: 'Keyword',
  OpenTradeKind: 'Keyword',
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;

// ---------------------------------------------------------------- trading session

/** No new entries until resumed; exits, SL/TP and reconciliation go on. */
export const pauseSignal = defineSignal<[reason?: string]>('pause');
export const resumeSignal = defineSignal('resume');
/** Ends the session after the running cycle; open positions keep their exchange-side SL/TP. */
export const stopSignal = defineSignal<[reason?: string]>('stop');
/** Cancels the session's open orders, flattens its positions, then ends the session. */
export const killSignal = defineSignal<[reason?: string]>('kill');
export const statusQuery = defineQuery<SessionStatus>('status');

// ---------------------------------------------------------------- durable backtest

/** Where a `backtest` workflow is: phase, candles done of total, chunk of chunks. */
export const backtestProgressQuery = defineQuery<BacktestProgress>('backtestProgress');

// ---------------------------------------------------------------- evolution

/** Where an `evolution` workflow is: phase, generation of generations, best training fitness so far. */
export const evolutionProgressQuery = defineQuery<EvolutionProgress>('evolutionProgress');
