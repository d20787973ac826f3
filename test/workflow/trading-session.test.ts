// tradingSession with mocked activities and the real tradingCycle as its child (its activities mocked
// too: every cycle is a HOLD). The venue clock is the test server's clock, so each wait for a candle
// close is a real workflow timer, and time skipping runs it at once.
import { ApplicationFailure } from '@temporalio/common';
import type { AccountView, SessionActivities } from '../../activities/session';
import { tradingSession } from '../../workflows/trading-session';
import { candleClock } from '../../activities/session-clock';
import { ConfigSchema } from '../../core/config/schema';
import {
  forceExitSignal,
  killSignal,
  pauseSignal,
  resumeSignal,
  statusQuery,
  stopSignal,
} from '../../workflows/definitions';
import { sessionWorkflowId, type TradingSessionInput } from '../../workflows/trading-contract';
import type { TradingSessionResult } from '../../workflows/trading-session';
import { cycleMocks, EQUITY, NEUTRAL, SYMBOL } from './cycle-mocks';
import {
  callsOf,
  eventually,
  logged,
  names,
  skipUntil,
  withWorker,
  within,
  type Call,
  testEnvPerFile,
} from './harness';

const env = testEnvPerFile();

const MINUTE = 60_000;
/** The venue's time when a test starts: mid-candle, mid-day (no UTC day rolls over during a test). */
const VENUE_START = Date.UTC(2026, 1, 16, 12, 0, 30);

type SessionMocks = Pick<
  SessionActivities,
  | 'nextCandleClose'
  | 'reconcile'
  | 'sessionAccount'
  | 'flattenSession'
  | 'recordSessionStart'
  | 'setSessionStatus'
  | 'cycleOutcome'
  | 'reportCycleFailure'
>;

let n = 0;
async function sessionTest(
  over: Partial<SessionMocks>,
  body: (h: { calls: Call[]; sessionId: string; workflowId: string; taskQueue: string }) => Promise<void>,
  cycleOver?: Parameters<typeof cycleMocks>[2],
) {
  const calls: Call[] = [];
  const sessionId = `session${++n}`;
  const serverStart = await env().currentTimeMs();
  const account: AccountView = { equity: EQUITY, cash: EQUITY, positions: [] };
  const session: SessionMocks = {
    // The venue clock runs with the test server's, which time skipping moves forward.
    nextCandleClose: async (a) =>
      candleClock(VENUE_START + (await env().currentTimeMs()) - serverStart, a.timeframe, 1),
    reconcile: async () => ({ drift: 0, kinds: [], account }),
    sessionAccount: async () => account,
    flattenSession: async () => ({ canceled: [], closed: [], remaining: 0 }),
    recordSessionStart: async () => undefined,
    setSessionStatus: async () => undefined,
    cycleOutcome: async (id) => Promise.reject(new Error(`no cycle ${id} should exist before the session starts it`)),
    reportCycleFailure: async () => undefined,
    ...over,
  };
  const activities = { ...cycleMocks(calls, NEUTRAL, cycleOver), ...logged(calls, session) };
  await withWorker(env(), activities, (taskQueue) =>
    body({ calls, sessionId, workflowId: sessionWorkflowId(sessionId), taskQueue }),
  );
}

function sessionInput(sessionId: string, over: Partial<TradingSessionInput> = {}): TradingSessionInput {
  return {
    sessionId,
    mode: 'paper',
    exchange: 'sim',
    symbols: [SYMBOL],
    timeframe: '1m',
    strategy: { name: 'ema-cross', params: {} },
    riskLimits: ConfigSchema.shape.risk.parse(undefined),
    ...over,
  };
}

/** The inputs of the cycles that ran, as their snapshots saw them. */
const cycles = (calls: Call[]) => callsOf(calls, 'buildSnapshot').map((c) => c.args[0]);
/** The session's own activities (not its cycles'), in order. */
const sessionTrail = (calls: Call[]) =>
  names(calls).filter((c) => ['flattenSession', 'sessionAccount', 'reconcile', 'setSessionStatus'].includes(c));

test('pause, resume and stop, each seen in the status query and in the cycles that follow', async () => {
  await sessionTest({}, async ({ calls, sessionId, workflowId, taskQueue }) => {
    const handle = await env().client.workflow.start(tradingSession, {
      taskQueue,
      workflowId,
      args: [sessionInput(sessionId)],
    });
    const status = () => handle.query(statusQuery);
    await skipUntil(env(), () => cycles(calls).length >= 1, 'the first cycle');
    const first = await eventually(status, (s) => s.state.cyclesRun === 1, 'the first round');
    expect(first).toMatchObject({
      sessionId,
      symbols: [SYMBOL],
      equity: EQUITY,
      state: { status: 'running', lastDecision: { action: 'HOLD', symbol: SYMBOL } },
    });
    expect(cycles(calls)[0].exitsOnly).toBe(false);

    await handle.signal(pauseSignal, 'maintenance');
    const paused = await eventually(status, (s) => s.state.status !== 'running', 'the pause');
    expect(paused.state).toMatchObject({ status: 'paused', pauseReason: 'maintenance' });
    await skipUntil(env(), () => cycles(calls).length >= 2, 'a cycle while paused');
    // Paused: the cycle still runs (exits, protection) but may open nothing.
    expect(cycles(calls)[1].exitsOnly).toBe(true);

    await handle.signal(resumeSignal);
    const resumed = await eventually(status, (s) => s.state.status !== 'paused', 'the resume');
    expect(resumed.state.status).toBe('running');
    expect(resumed.state.pauseReason).toBeUndefined();
    await skipUntil(env(), () => cycles(calls).length >= 3, 'a cycle after resuming');
    expect(cycles(calls)[2].exitsOnly).toBe(false);
    // One cycle per closed candle, each on the next one.
    const closes = cycles(calls).map((c) => c.candleCloseMs);
    expect(closes.slice(1).map((c, i) => c - closes[i])).toEqual([MINUTE, MINUTE]);

    await handle.signal(stopSignal, 'done for today');
    const result: TradingSessionResult = await handle.result();
    expect(result).toMatchObject({ status: 'stopped', reason: 'done for today', state: { status: 'stopped' } });
    expect(names(calls)).not.toContain('flattenSession'); // a stop leaves positions to their exchange-side SL/TP
    expect(callsOf(calls, 'setSessionStatus').at(-1)!.args[0]).toEqual({
      sessionId,
      status: 'stopped',
      reason: 'done for today',
    });
  });
});

test('kill flattens the session, then reconciles and ends it as killed', async () => {
  await sessionTest({}, async ({ calls, sessionId, workflowId, taskQueue }) => {
    const handle = await env().client.workflow.start(tradingSession, {
      taskQueue,
      workflowId,
      args: [sessionInput(sessionId)],
    });
    await skipUntil(env(), () => cycles(calls).length >= 1, 'the first cycle');
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.state.cyclesRun === 1,
      'the first round',
    );
    const before = calls.length;

    await handle.signal(killSignal, 'panic');
    const result: TradingSessionResult = await handle.result();
    expect(result).toMatchObject({ status: 'killed', reason: 'panic', state: { status: 'killed', flattens: 1 } });
    expect(sessionTrail(calls.slice(before))).toEqual([
      'flattenSession',
      'sessionAccount',
      'reconcile',
      'setSessionStatus',
    ]);
    expect(callsOf(calls, 'flattenSession').map((c) => c.args[0])).toEqual([
      { ref: { sessionId, mode: 'paper', exchange: 'sim', symbols: [SYMBOL] }, tag: 'kill1' },
    ]);
    expect(callsOf(calls, 'setSessionStatus').at(-1)!.args[0]).toEqual({
      sessionId,
      status: 'killed',
      reason: 'panic',
    });
  });
});

test('force exit flattens one symbol before the next candle and the session goes on; an unknown symbol is ignored', async () => {
  await sessionTest({}, async ({ calls, sessionId, workflowId, taskQueue }) => {
    const handle = await env().client.workflow.start(tradingSession, {
      taskQueue,
      workflowId,
      args: [sessionInput(sessionId)],
    });
    await skipUntil(env(), () => cycles(calls).length >= 1, 'the first cycle');
    await handle.signal(forceExitSignal, 'DOGE/USDT', 'not traded here');
    await handle.signal(forceExitSignal, SYMBOL, 'by hand');
    await skipUntil(env(), () => callsOf(calls, 'flattenSession').length >= 1, 'the force exit');
    expect(callsOf(calls, 'flattenSession').map((c) => c.args[0])).toEqual([
      { ref: { sessionId, mode: 'paper', exchange: 'sim', symbols: [SYMBOL] }, tag: 'fx1' },
    ]);
    await skipUntil(env(), () => cycles(calls).length >= 3, 'cycles after the force exit');
    const s = await handle.query(statusQuery);
    expect(s.state.status).toBe('running');
    expect(s.state.forceExits).toEqual([]);
    // The unknown symbol flattened nothing.
    expect(callsOf(calls, 'flattenSession')).toHaveLength(1);
    await handle.signal(stopSignal);
    expect((await handle.result()).status).toBe('stopped');
  });
});

test('a cycle that fails for good is reported as an exception and costs only its candle', async () => {
  await sessionTest(
    {},
    async ({ calls, sessionId, workflowId, taskQueue }) => {
      const handle = await env().client.workflow.start(tradingSession, {
        taskQueue,
        workflowId,
        args: [sessionInput(sessionId, { maxCycles: 2 })],
      });
      const result = await handle.result();
      expect(result.status).toBe('stopped');
      const reports = callsOf(calls, 'reportCycleFailure').map((c) => c.args[0]);
      expect(reports).toHaveLength(2);
      expect(reports[0]).toMatchObject({ sessionId, symbol: SYMBOL });
      expect(reports[0].error).toContain('the market data store is gone');
    },
    {
      // A snapshot that cannot be built is the one failure a cycle does not turn into a HOLD.
      buildSnapshot: async () => {
        throw ApplicationFailure.nonRetryable('the market data store is gone', 'TestFailure');
      },
    },
  );
});

test('a day loss over the limit flattens once and pauses the session', async () => {
  // The day starts at 10 000 (the first reconcile); every later read is 6% down, over the 5% limit.
  await sessionTest(
    { sessionAccount: async () => ({ equity: EQUITY * 0.94, cash: EQUITY * 0.94, positions: [] }) },
    async ({ calls, sessionId, workflowId, taskQueue }) => {
      const handle = await env().client.workflow.start(tradingSession, {
        taskQueue,
        workflowId,
        args: [sessionInput(sessionId)],
      });
      await skipUntil(env(), () => cycles(calls).length >= 1, 'the first cycle');
      const tripped = await eventually(
        () => handle.query(statusQuery),
        (s) => s.state.killSwitchTripped,
        'the kill switch',
      );
      expect(tripped.state).toMatchObject({
        status: 'paused',
        pauseReason: 'daily loss limit reached: positions flattened',
        dayStartEquity: EQUITY,
      });
      expect(callsOf(calls, 'flattenSession').map((c) => c.args[0].tag)).toEqual(['ks1']);
      expect(callsOf(calls, 'setSessionStatus').at(-1)!.args[0]).toEqual({
        sessionId,
        status: 'paused',
        reason: 'daily loss limit reached: positions flattened',
      });

      await skipUntil(env(), () => cycles(calls).length >= 2, 'a cycle after tripping');
      expect(cycles(calls)[1].exitsOnly).toBe(true);
      await eventually(
        () => handle.query(statusQuery),
        (s) => s.state.cyclesRun === 2,
        'the second round',
      );
      // Still over the limit, but already flattened and paused: nothing more to close.
      expect(callsOf(calls, 'flattenSession')).toHaveLength(1);

      await handle.signal(stopSignal);
      expect((await handle.result()).status).toBe('stopped');
    },
  );
});

test('continue-as-new after roundsPerRun carries the state: no candle twice, no second start', async () => {
  await sessionTest({}, async ({ calls, sessionId, workflowId, taskQueue }) => {
    const wallStart = Date.now();
    const serverStart = await env().currentTimeMs();
    const handle = await env().client.workflow.start(tradingSession, {
      taskQueue,
      workflowId,
      args: [sessionInput(sessionId, { roundsPerRun: 2, maxCycles: 3 })],
    });
    // Follows the runs, skipping time; a run that lost its state would start over forever.
    const result: TradingSessionResult = await within(handle.result(), 20_000, 'the session to end after maxCycles');
    expect(result).toMatchObject({
      status: 'stopped',
      reason: 'maxCycles 3 reached',
      state: { cyclesRun: 3, cyclesBySymbol: { [SYMBOL]: 3 } },
    });

    const latest = await handle.describe();
    expect(latest.runId).not.toBe(handle.firstExecutionRunId); // it did continue as new
    expect(callsOf(calls, 'recordSessionStart')).toHaveLength(1); // the second run knew it had started
    const closes = cycles(calls).map((c) => c.candleCloseMs);
    expect(closes.slice(1).map((c, i) => c - closes[i])).toEqual([MINUTE, MINUTE]); // the third cycle took the candle after the second's
    expect(result.state.lastCandleCloseMs[SYMBOL]).toBe(closes[2]);

    // Three candle waits of up to a minute each (bounded loosely: other test projects share the CPU).
    expect((await env().currentTimeMs()) - serverStart).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(Date.now() - wallStart).toBeLessThan(MINUTE);
  });
});
