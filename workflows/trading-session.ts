// tradingSession: the long-running bot. Waits for each candle close on the venue's clock, runs one
// tradingCycle child per symbol and closed candle, keeps daily PnL and the kill switch, answers the
// status query and takes pause / resume / stop / kill. All state lives in one SessionState object,
// carried through continue-as-new.
//
// Reconciliation runs at the start of every run (first start, each continue-as-new), every
// `reconcileEvery` rounds and at the end. A worker restart replays the workflow and cannot be told
// apart from a normal activation deterministically, so "after every restart" is covered by the
// periodic reconcile: drift left by a crash is fixed within `reconcileEvery` rounds.
import {
  condition,
  continueAsNew,
  executeChild,
  log,
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
  allHandlersFinished,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { AccountView, SessionActivities, SessionRef } from '../activities/session';
import { awaitCycle, sessionClock, sessionFlatten, sessionIo } from './activity-options';
import {
  cycleSearchAttributes,
  forceExitSignal,
  killSignal,
  pauseSignal,
  resumeSignal,
  sessionSearchAttributes,
  statusQuery,
  stopSignal,
} from './definitions';
import {
  allCyclesDone,
  applyRound,
  dailyLossBreached,
  dueSymbols,
  initialSessionState,
  rollDay,
  waitMs,
} from './session-state';
import {
  cycleWorkflowId,
  type SessionState,
  type SessionStatus,
  type TradingCycleInput,
  type TradingCycleResult,
  type TradingSessionInput,
} from './trading-contract';
import { failureMessage } from './failure-message';
import { tradingCycle } from './trading-cycle';

const { nextCandleClose } = proxyLocalActivities<Pick<SessionActivities, 'nextCandleClose'>>(sessionClock);
const { reconcile, sessionAccount, recordSessionStart, setSessionStatus, reportCycleFailure } =
  proxyActivities<
    Pick<
      SessionActivities,
      'reconcile' | 'sessionAccount' | 'recordSessionStart' | 'setSessionStatus' | 'reportCycleFailure'
    >
  >(sessionIo);
const { flattenSession } = proxyActivities<Pick<SessionActivities, 'flattenSession'>>(sessionFlatten);
const { cycleOutcome } = proxyActivities<Pick<SessionActivities, 'cycleOutcome'>>(awaitCycle);

export interface TradingSessionResult {
  sessionId: string;
  status: 'stopped' | 'killed';
  reason?: string;
  state: SessionState;
}

const DEFAULT_ROUNDS_PER_RUN = 500;
const DEFAULT_RECONCILE_EVERY = 20;

export async function tradingSession(input: TradingSessionInput): Promise<TradingSessionResult> {
  const ref: SessionRef = {
    sessionId: input.sessionId,
    mode: input.mode,
    exchange: input.exchange,
    symbols: input.symbols,
  };
  const roundsPerRun = input.roundsPerRun ?? DEFAULT_ROUNDS_PER_RUN;
  const reconcileEvery = input.reconcileEvery ?? DEFAULT_RECONCILE_EVERY;
  let state: SessionState | undefined = input.state;
  let account: AccountView | undefined;
  // Signals may arrive before the first state exists; they are applied to it once it does.
  let early: Partial<SessionState> = {};
  const patch = (p: Partial<SessionState>) => {
    if (state) state = { ...state, ...p };
    else early = { ...early, ...p };
  };
  const current = (): Partial<SessionState> => state ?? early;

  setHandler(pauseSignal, (reason) => {
    if ((current().status ?? 'running') === 'running')
      patch({ status: 'paused', pauseReason: reason ?? 'paused by request' });
  });
  setHandler(resumeSignal, () => {
    if (current().status === 'paused') patch({ status: 'running', pauseReason: undefined });
  });
  setHandler(stopSignal, (reason) => {
    if (current().stopRequest?.kind !== 'kill') patch({ stopRequest: { kind: 'stop', reason }, status: 'stopping' });
  });
  setHandler(killSignal, (reason) => patch({ stopRequest: { kind: 'kill', reason }, status: 'stopping' }));
  setHandler(forceExitSignal, (symbol, reason) => {
    // Unknown symbols are dropped here too: a signal cannot be refused, and a flatten of nothing is noise.
    if (symbol === 'all' || input.symbols.includes(symbol))
      patch({ forceExits: [...(current().forceExits ?? []), { symbol, reason }] });
  });
  setHandler(statusQuery, (): SessionStatus => {
    const s = state ?? initialSessionState(input.symbols, 0, 0, 0);
    return {
      sessionId: input.sessionId,
      mode: input.mode,
      exchange: input.exchange,
      symbols: input.symbols,
      timeframe: input.timeframe,
      strategy: input.strategy.name,
      state: s,
      positions: account?.positions ?? [],
      equity: account?.equity,
      pnlToday: account && s.dayStartEquity > 0 ? account.equity - s.dayStartEquity : s.realizedPnlToday,
    };
  });

  upsertSearchAttributes(sessionSearchAttributes(input));

  if (!input.state) {
    await recordSessionStart({
      sessionId: input.sessionId,
      mode: input.mode,
      exchange: input.exchange,
      symbols: input.symbols,
      timeframe: input.timeframe,
      strategyName: input.strategy.name,
      strategyVersion: input.strategy.version ?? 0,
      workflowId: workflowInfo().workflowId,
      config: { strategy: input.strategy, riskLimits: input.riskLimits, maxCycles: input.maxCycles ?? null },
    });
  }
  const first = await reconcile(ref);
  account = first.account;
  if (!state) {
    const clock = await nextCandleClose({ exchange: input.exchange, timeframe: input.timeframe });
    state = { ...initialSessionState(input.symbols, clock.venueNowMs, clock.lastClosedMs, account.equity), ...early };
    await setSessionStatus({ sessionId: input.sessionId, status: state.status === 'paused' ? 'paused' : 'running' });
  }
  state = { ...state, lastReconciledAt: Date.now() };

  const flatten = async (why: string, symbols: readonly string[] = input.symbols) => {
    const n = (state!.flattens ?? 0) + 1;
    state = { ...state!, flattens: n };
    await flattenSession({ ref: { ...ref, symbols: [...symbols] }, tag: `${why}${n}` });
    account = await sessionAccount(ref);
  };

  const runCycle = async (symbol: string, candleCloseMs: number): Promise<TradingCycleResult | undefined> => {
    const workflowId = cycleWorkflowId(input.sessionId, candleCloseMs, symbol);
    const args: TradingCycleInput = {
      sessionId: input.sessionId,
      mode: input.mode,
      exchange: input.exchange,
      symbol,
      timeframe: input.timeframe,
      strategy: input.strategy,
      riskLimits: input.riskLimits,
      ...(input.decide ? { decide: input.decide } : {}),
      ...(input.protections ? { protections: input.protections } : {}),
      ...(input.trailingStopPct !== undefined ? { trailingStopPct: input.trailingStopPct } : {}),
      ...(state!.pendingEntries?.[symbol] ? { pendingEntry: state!.pendingEntries[symbol] } : {}),
      ...(input.llm ? { llm: input.llm } : {}),
      candleCloseMs,
      dayStartEquity: state!.dayStartEquity,
      realizedPnlToday: state!.realizedPnlToday,
      exitsOnly: state!.status !== 'running',
    };
    try {
      return await executeChild(tradingCycle, {
        workflowId,
        args: [args],
        // A cycle between its entry order and its SL/TP must finish even if the session is
        // terminated: abandoned, it completes (or compensates) on its own and reconcile sees the result.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // A closed cycle's id is never reused: its candle is done, whatever the session remembers.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: cycleSearchAttributes(args),
      });
    } catch (e) {
      // Started before (a replaced run, an earlier session run): its result is this candle's result.
      const existing = e instanceof WorkflowExecutionAlreadyStartedError ? cycleOutcome(workflowId) : Promise.reject(e);
      // A failed cycle costs its candle, never the session.
      return existing.catch(async (err: Error) => {
        const error = failureMessage(err);
        log.warn('trading cycle failed', { workflowId, error });
        // Told to the channels as an exception; telling them must not cost the session anything either.
        await reportCycleFailure({
          sessionId: input.sessionId,
          symbol,
          candleCloseMs,
          workflowId,
          error,
        }).catch(() => undefined);
        return undefined;
      });
    }
  };

  let rounds = 0;
  for (;;) {
    const req = state.stopRequest;
    if (req) return finish(req.kind === 'kill' ? 'killed' : 'stopped', req.reason);
    const [forceExit, ...laterExits] = state.forceExits ?? [];
    if (forceExit) {
      state = { ...state, forceExits: laterExits };
      await flatten('fx', forceExit.symbol === 'all' ? input.symbols : [forceExit.symbol]);
      continue;
    }
    if (allCyclesDone(state, input.symbols, input.maxCycles))
      return finish('stopped', `maxCycles ${input.maxCycles} reached`);
    if (rounds >= roundsPerRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof tradingSession>({ ...input, state });
    }

    const clock = await nextCandleClose({
      exchange: input.exchange,
      timeframe: input.timeframe,
      afterCloseMs: Math.max(...Object.values(state.lastCandleCloseMs)),
    });
    if (clock.venueNowMs >= state.dayStartMs + 86_400_000) {
      account = await sessionAccount(ref);
      const rolled = rollDay(state, clock.venueNowMs, account.equity);
      if (rolled.status !== state.status)
        await setSessionStatus({
          sessionId: input.sessionId,
          status: 'running',
          reason: 'new UTC day: daily loss limit reset',
        });
      state = rolled;
    }
    const due = dueSymbols(state, input.symbols, clock.lastClosedMs, input.maxCycles);
    if (due.length === 0) {
      await condition(
        () => state!.stopRequest !== undefined || (state!.forceExits?.length ?? 0) > 0,
        waitMs(clock.wallMsUntilNext),
      );
      continue;
    }

    const outcomes = await Promise.all(
      due.map(async (symbol) => ({ symbol, result: await runCycle(symbol, clock.lastClosedMs) })),
    );
    state = applyRound(state, clock.lastClosedMs, outcomes);
    rounds += 1;
    if (rounds % reconcileEvery === 0) {
      account = (await reconcile(ref)).account;
      state = { ...state, lastReconciledAt: Date.now() };
    } else {
      account = await sessionAccount(ref);
    }

    const tripped =
      outcomes.some((o) => o.result?.killSwitch) ||
      dailyLossBreached(state, account.equity, input.riskLimits.max_daily_loss_pct);
    // Once tripped and paused nothing more to do; resumed the same day, a loss still over the limit trips again.
    if (tripped && !(state.killSwitchTripped && state.status === 'paused')) {
      await flatten('ks');
      const pauseReason = 'daily loss limit reached: positions flattened';
      await setSessionStatus({ sessionId: input.sessionId, status: 'paused', reason: pauseReason });
      // Shown only once flattened and recorded, so a status that says "tripped" never lists the
      // positions it closed, and the session row already says paused when the query does.
      state = {
        ...state,
        killSwitchTripped: true,
        status: state.stopRequest ? state.status : 'paused',
        pauseReason,
      };
    }
  }

  async function finish(status: 'stopped' | 'killed', reason?: string): Promise<TradingSessionResult> {
    if (status === 'killed') await flatten('kill');
    account = (await reconcile(ref)).account;
    state = { ...state!, status, lastReconciledAt: Date.now() };
    await setSessionStatus({ sessionId: input.sessionId, status, reason });
    await condition(allHandlersFinished);
    return { sessionId: input.sessionId, status, reason, state };
  }
}
