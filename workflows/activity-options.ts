// Named presets for proxyActivities: every activity call states its timeouts and retry policy.
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** Quick reads of our own services: short timeout, a few retries. */
export const quickIo: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '5 seconds',
    maximumAttempts: 5,
  },
};

const nonRetryableErrorTypes = [
  'ExchangeError.insufficient_funds',
  'ExchangeError.invalid_order',
  'ExchangeError.bad_symbol',
  'ExchangeError.authentication',
  'ExchangeError.permission_denied',
  'ExchangeError.not_supported',
];

/**
 * Every local activity retries on a workflow timer, never inside the worker: a retry inside the
 * worker leaves the failed attempt's start-to-close timer running in the SDK core, and a worker shut
 * down before that timer fires makes the core panic. A timer costs one workflow task per retry, and
 * these retries are rare (a candle not yet published, an analyst failing once).
 */
const retryOnTimer = { localRetryThreshold: '0 seconds' } satisfies LocalActivityOptions;

/** The session's clock read: local (see the trading cycle's presets below), retried briefly. */
export const sessionClock: LocalActivityOptions = {
  ...retryOnTimer,
  startToCloseTimeout: '5 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '5 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes,
  },
};

/** Account reads, reconciliation and the session row: database and venue reads, retried for a while. */
export const sessionIo: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes,
  },
};

/** Flattening on kill: must happen, so retried much longer; each attempt closes only what is still open. */
export const sessionFlatten: ActivityOptions = {
  startToCloseTimeout: '60 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes },
};

/** Waiting on a cycle that already exists under its workflow id: heartbeats while it runs. */
export const awaitCycle: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20 },
};

/** Durable backtest prepare / finalize: moves a series of up to tens of MB through PostgreSQL. */
export const backtestIo: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '60 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 5,
    // Bad input (unknown strategy, bad params, too few candles) fails the run at once.
    nonRetryableErrorTypes: ['BacktestInputError'],
  },
};

/** One durable backtest chunk: heartbeats after every checkpoint, so a lost worker is noticed fast. */
export const backtestChunk: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '5 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '5 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['BacktestInputError'],
  },
};

// ---------------------------------------------------------------- trading cycle

const cycleNonRetryable = [
  ...nonRetryableErrorTypes,
  'ExchangeError.duplicate_order',
  'ExchangeError.order_not_found',
  'ExchangeError.exchange',
];

// Local activities are kept for three things only: the session's clock read, the cycle's snapshot
// and its five deterministic analysts. None of them acts on anything: they read the venue, Redis and
// PostgreSQL, and the snapshot's writes (the cycle's own Redis key, the last open-interest reading)
// are overwrites a re-run repeats harmlessly. Each attempt is bounded (5 to 30 s), and they run before the
// cycle's first order, which is a regular activity: the snapshot, signals and decision it acts on are
// in the history before anything is placed, so a worker lost before then only reads again. Everything
// that places, cancels or records is a regular activity: its result is in the history the moment it
// completes, so neither a retry nor a replay does it twice.

/** Snapshot: venue reads, retried until the candle is published (CandleNotClosed) or two minutes pass. */
export const cycleSnapshot: LocalActivityOptions = {
  ...retryOnTimer,
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '5 seconds',
    nonRetryableErrorTypes: cycleNonRetryable,
  },
  summary: 'market snapshot',
};

/** One analyst: short, one quick retry; past that it abstains (the workflow catches the failure). */
export const cycleAgent: LocalActivityOptions = {
  ...retryOnTimer,
  startToCloseTimeout: '5 seconds',
  scheduleToCloseTimeout: '8 seconds',
  retry: {
    initialInterval: '100 milliseconds',
    maximumAttempts: 2,
    nonRetryableErrorTypes: ['AgentFailed', 'SnapshotMissing', 'UnknownAgent'],
  },
};

/** Orders (entry, close, stop-loss, take-profit, cancel protection): idempotent by clientOrderId, so retried freely on transient errors. */
export const cycleOrder: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '20 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: cycleNonRetryable,
  },
};

/**
 * Compensations must happen: retried for a day through outages, each attempt undoing only what is
 * still there. A venue that refuses the undo outright (dust below its minimum, credentials) will not
 * change its mind: that failure is logged and left to reconciliation instead of blocking the session.
 */
export const cycleCompensation: ActivityOptions = {
  startToCloseTimeout: '60 seconds',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes },
};

/** Recording (upserts, then the cycle's announcement): retried a few times; after that the cycle counts it as failed for good. */
export const cycleRecord: ActivityOptions = {
  startToCloseTimeout: '20 seconds',
  scheduleToCloseTimeout: '3 minutes',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 6,
    nonRetryableErrorTypes: ['RecordRejected'],
  },
};

// ---------------------------------------------------------------- evolution

/** Evolution bookkeeping (prepare, generation rows, live review, saving the version): database work; bad input fails at once. */
export const evolutionIo: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 8,
    nonRetryableErrorTypes: ['EvolutionInputError'],
  },
};

/**
 * One batch of backtests: heartbeats after every individual, so a killed worker's batch moves on
 * within seconds. No eager dispatch: it would hand every batch to the worker that ran the workflow
 * task, while the point is that all workers on the queue share a generation.
 */
export const evolutionEvaluate: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  allowEagerDispatch: false,
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '5 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['EvolutionInputError'],
  },
};

/**
 * A batch scored by the pipeline backtest (decide strategy|ensemble): one individual's run is
 * synchronous and can take minutes on a long window, so the heartbeat that follows it may come that
 * late; a killed worker's batch then moves on within those minutes instead of seconds.
 */
export const evolutionEvaluatePipeline: ActivityOptions = {
  ...evolutionEvaluate,
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '5 minutes',
};

// ---------------------------------------------------------------- model calls

/**
 * One model call (an analyst, the coordinator with its debate, the risk review): a regular activity,
 * so its answer is in the history once it comes and a replay never asks again. 429, 5xx, timeouts and
 * dropped connections retry (a 429 after its Retry-After); a rejected request (400/401/403/404) and a
 * missing snapshot do not. The timeouts come from the session's settings: see llmCallOptions.
 */
export const llmCall: ActivityOptions = {
  startToCloseTimeout: '130 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 4,
    nonRetryableErrorTypes: ['LlmRejected', 'LlmNotConfigured', 'SnapshotMissing'],
  },
};

/** llmCall for `calls` sequential model calls of the session's per-call timeout and attempts. */
export function llmCallOptions(s: { timeoutMs: number; maxAttempts: number }, calls = 1): ActivityOptions {
  // The database reads and writes around each call get their margin beside the model's own time.
  return {
    ...llmCall,
    startToCloseTimeout: calls * s.timeoutMs + 10_000,
    retry: { ...llmCall.retry, maximumAttempts: s.maxAttempts },
  };
}

/**
 * One provider's sync: HTTP with its own timeouts inside, then one transaction. A provider that is
 * down is an answer (ok: false), not a failure; what is retried here is the database, briefly,
 * because the schedule runs it again anyway.
 */
export const intelSyncIo: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 4,
    nonRetryableErrorTypes: ['NotFoundError', 'UnknownProviderError'],
  },
};

/**
 * One notification to one channel: retried with backoff until the channel's deadline, a refusal
 * (bad credentials, an unknown chat) never. The heartbeat lets a worker that died mid-send be
 * noticed in seconds rather than at the start-to-close timeout.
 */
export function notificationSend(deadlineMinutes: number): ActivityOptions {
  return {
    startToCloseTimeout: '3 minutes',
    heartbeatTimeout: '10 seconds',
    scheduleToCloseTimeout: `${deadlineMinutes} minutes`,
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
      nonRetryableErrorTypes: ['ChannelConfigError', 'ChannelRejected'],
    },
  };
}

/** Recording that a notification could not be delivered: our own database, retried a while. */
export const notificationRecord: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
};
