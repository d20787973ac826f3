// The one shared module of Temporal names: task queues, search attributes, and (as workflows grow)
// signal / query / update definitions. Imported by workflows, workers, api and cli alike.

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
