// tradingCycle's branches with mocked activities: which activities run, in which order, with which
// arguments, for a veto, a HOLD, a clean BUY, every compensation point and a partly filled entry.
import { tradingCycle } from '../../workflows/trading-cycle';
import { ApplicationFailure } from '@temporalio/common';
import { cycleWorkflowId, type TradingCycleInput, type TradingCycleResult } from '../../workflows/trading-contract';
import {
  BULLISH,
  cycleInput,
  cycleMocks,
  filled,
  NEUTRAL,
  ORDER_ACTIVITIES,
  PRICE,
  protection,
  refused,
  type CycleActivities,
  type Outlook,
} from './cycle-mocks';
import { callsOf, names, withWorker, workflowLogs, type Call, testEnvPerFile } from './harness';

const env = testEnvPerFile();

let n = 0;
async function runCycle(outlook: Outlook, over: Partial<CycleActivities> = {}, input: Partial<TradingCycleInput> = {}) {
  const calls: Call[] = [];
  const args = cycleInput({ sessionId: `cycle${++n}`, ...input });
  const workflowId = cycleWorkflowId(args.sessionId, args.candleCloseMs, args.symbol);
  const result: TradingCycleResult = await withWorker(env(), cycleMocks(calls, outlook, over), (taskQueue) =>
    env().client.workflow.execute(tradingCycle, { taskQueue, workflowId, args: [args] }),
  );
  // The order and record activities, in the order they ran (snapshot and analysts left out).
  const trail = calls
    .filter((c) => ORDER_ACTIVITIES.includes(c.name) || c.name === 'recordCycle')
    .map((c) => describeCall(c));
  return { calls, result, trail, workflowId };
}

/** `submitCycleOrder entry`, `placeProtectionOrder stop_loss`, `cancelCycleOrders take_profit`…: one word says which order. */
function describeCall(c: Call): string {
  const a = c.args[0] ?? {};
  const what = a.purpose ?? a.kind ?? (a.purposes ? a.purposes.join('+') : undefined);
  return what ? `${c.name} ${what}` : c.name;
}

const recordOf = (calls: Call[]) => callsOf(calls, 'recordCycle')[0].args[0];

test('a risk veto places no order and records the veto', async () => {
  const { calls, result } = await runCycle({ ...BULLISH, macroEvent: true });
  expect(result.action).toBe('BUY');
  expect(result.verdict).toBe('veto');
  expect(names(calls).filter((c) => ORDER_ACTIVITIES.includes(c))).toEqual([]); // no order activity at all
  expect(recordOf(calls).verdict.verdict).toBe('veto');
  expect(result.compensated).toBe(false);
});

test('a HOLD places no order and still records the decision', async () => {
  const { calls, result } = await runCycle(NEUTRAL);
  expect(result.action).toBe('HOLD');
  expect(result.verdict).toBe('none');
  expect(names(calls).filter((c) => ORDER_ACTIVITIES.includes(c))).toEqual([]);
  expect(
    callsOf(calls, 'runAgent')
      .map((c) => c.args[0])
      .sort(),
  ).toEqual(['macro', 'market', 'onchain', 'sentiment', 'strategy']);
  expect(recordOf(calls).decision.action).toBe('HOLD');
});

test('an approved BUY places the entry, then its stop-loss and take-profit, then records', async () => {
  const { calls, result, trail, workflowId } = await runCycle(BULLISH);
  expect(trail).toEqual([
    'submitCycleOrder entry',
    'placeProtectionOrder stop_loss',
    'placeProtectionOrder take_profit',
    'recordCycle',
  ]);
  const [entry] = callsOf(calls, 'submitCycleOrder').map((c) => c.args[0]);
  expect(entry).toMatchObject({ cycleId: workflowId, side: 'buy', reduceOnly: false });
  const [sl, tp] = callsOf(calls, 'placeProtectionOrder').map((c) => c.args[0]);
  // Both protect exactly what filled, on the closing side, below and above the price.
  expect(sl).toMatchObject({ side: 'sell', quantity: entry.quantity });
  expect(tp).toMatchObject({ side: 'sell', quantity: entry.quantity });
  expect(sl.triggerPrice).toBeLessThan(PRICE);
  expect(tp.triggerPrice).toBeGreaterThan(PRICE);
  expect(result).toMatchObject({
    action: 'BUY',
    verdict: 'resize',
    compensated: false,
    order: { side: 'buy', filled: entry.quantity, status: 'closed' },
  });
  expect(recordOf(calls).orders.map((o: { purpose: string }) => o.purpose)).toEqual([
    'entry',
    'stop_loss',
    'take_profit',
  ]);
});

test('a failed stop-loss cancels it and flattens the entry, newest first', async () => {
  const { result, trail, calls } = await runCycle(BULLISH, {
    placeProtectionOrder: async () => Promise.reject(refused('stop-loss rejected')),
  });
  expect(trail).toEqual([
    'submitCycleOrder entry',
    'placeProtectionOrder stop_loss',
    'cancelCycleOrders stop_loss',
    'flattenCycleEntry',
    'recordCycle',
  ]);
  expect(callsOf(calls, 'flattenCycleEntry')[0].args[0].entrySide).toBe('buy');
  expect(result.compensated).toBe(true);
  expect(recordOf(calls).compensated).toBe(true);
  expect(result.reasons.join('\n')).toMatch(/stop-loss placement failed/);
});

test('a failed take-profit cancels both protections and flattens the entry, newest first', async () => {
  const { result, trail } = await runCycle(BULLISH, {
    placeProtectionOrder: async (r) => {
      if (r.kind === 'take_profit') throw refused('take-profit rejected');
      return protection(r);
    },
  });
  expect(trail).toEqual([
    'submitCycleOrder entry',
    'placeProtectionOrder stop_loss',
    'placeProtectionOrder take_profit',
    'cancelCycleOrders take_profit',
    'cancelCycleOrders stop_loss',
    'flattenCycleEntry',
    'recordCycle',
  ]);
  expect(result.compensated).toBe(true);
});

test('a fill far from the expected price is vetoed after the trade and undone', async () => {
  const { result, trail } = await runCycle(BULLISH, {
    submitCycleOrder: async (r) => filled(r, { average: PRICE * 1.1 }),
  });
  expect(trail).toEqual([
    'submitCycleOrder entry',
    'placeProtectionOrder stop_loss',
    'placeProtectionOrder take_profit',
    'cancelCycleOrders take_profit',
    'cancelCycleOrders stop_loss',
    'flattenCycleEntry',
    'recordCycle',
  ]);
  expect(result.compensated).toBe(true);
  expect(result.reasons.join('\n')).toMatch(/post-trade veto: slippage 1000 bps/);
});

test('recording that fails for good undoes the trade', async () => {
  const { result, trail, calls } = await runCycle(BULLISH, {
    recordCycle: async () =>
      Promise.reject(ApplicationFailure.nonRetryable('injected: database rejected the record', 'RecordRejected')),
  });
  expect(trail).toEqual([
    'submitCycleOrder entry',
    'placeProtectionOrder stop_loss',
    'placeProtectionOrder take_profit',
    'recordCycle',
    'cancelCycleOrders take_profit',
    'cancelCycleOrders stop_loss',
    'flattenCycleEntry',
  ]);
  expect(result.compensated).toBe(true);
  expect(result.reasons.join('\n')).toMatch(/recording failed: injected: database rejected the record/);
  expect(callsOf(calls, 'recordCycle')).toHaveLength(1); // RecordRejected is final: no retry
});

test('a compensation that fails is logged and the others still run; the cycle completes', async () => {
  const { result, trail, workflowId } = await runCycle(BULLISH, {
    placeProtectionOrder: async () => Promise.reject(refused('stop-loss rejected')),
    // The compensation preset retries for a day; a refusal it lists as non-retryable ends it at once.
    cancelCycleOrders: async () =>
      Promise.reject(ApplicationFailure.nonRetryable('injected: credentials revoked', 'ExchangeError.authentication')),
  });
  expect(trail).toEqual([
    'submitCycleOrder entry',
    'placeProtectionOrder stop_loss',
    'cancelCycleOrders stop_loss',
    'flattenCycleEntry',
    'recordCycle',
  ]);
  expect(result.compensated).toBe(true);
  expect(result.reasons).toContain('cancel stop-loss: FAILED (injected: credentials revoked)');
  expect(result.reasons).toContain('flatten entry: done');
  const logged = workflowLogs.filter((e) => e.meta?.workflowId === workflowId && e.message === 'compensation failed');
  expect(logged.map((e) => e.meta?.step)).toEqual(['cancel stop-loss']);
});

test('a partly filled entry is canceled, then looked up again, and protected at its final fill', async () => {
  let submits = 0;
  const { result, trail, calls } = await runCycle(BULLISH, {
    submitCycleOrder: async (r) =>
      ++submits === 1
        ? filled(r, { filled: r.quantity / 2, status: 'open' })
        : filled(r, { filled: r.quantity / 2, status: 'canceled' }),
  });
  expect(trail).toEqual([
    'submitCycleOrder entry',
    'cancelCycleOrders entry',
    'submitCycleOrder entry',
    'placeProtectionOrder stop_loss',
    'placeProtectionOrder take_profit',
    'recordCycle',
  ]);
  const [first, second] = callsOf(calls, 'submitCycleOrder').map((c) => c.args[0]);
  expect(second).toEqual(first); // the same request, so the same clientOrderId: the venue's answer is the first order's final state
  const half = first.quantity / 2;
  expect(callsOf(calls, 'placeProtectionOrder').map((c) => c.args[0].quantity)).toEqual([half, half]);
  expect(result).toMatchObject({ compensated: false, order: { filled: half, status: 'canceled' } });
});
