// tradingCycle's branches with mocked activities: which activities run, in which order, with which
// arguments, for a veto, a HOLD, a clean BUY, every compensation point and a partly filled entry.
import { tradingCycle } from '../../workflows/trading-cycle';
import { ApplicationFailure } from '@temporalio/common';
import { cycleWorkflowId, type TradingCycleInput, type TradingCycleResult } from '../../workflows/trading-contract';
import {
  BULLISH,
  CLOSE_MS,
  cycleInput,
  cycleMocks,
  filled,
  NEUTRAL,
  ORDER_ACTIVITIES,
  PRICE,
  protection,
  refused,
  snapshot,
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

describe('a trailing stop', () => {
  const TRAIL = 2;
  const held = { side: 'long' as const, quantity: 0.01, entryPrice: PRICE };
  const restingStop = {
    clientOrderId: 'ot-entry-cycle-sl',
    cycleId: 'cycle-entry',
    purpose: 'stop_loss' as const,
    triggerPrice: PRICE * (1 - TRAIL / 100), // 58 800: where the entry's trail started
    quantity: held.quantity,
    side: 'sell' as const,
  };
  /** A HOLD cycle while `held` is open, the session trailing its stop on a venue that cannot. */
  const holdWithPosition = (extreme: number | null, over: Partial<CycleActivities> = {}) =>
    runCycle(
      NEUTRAL,
      {
        buildSnapshot: async (_input, cycleId) => snapshot(cycleId, { position: held }),
        trailingStopState: async () => ({
          exchangeSide: false,
          priceTick: 0.01,
          stops: [restingStop],
          entryMs: CLOSE_MS - 600_000,
          extreme,
        }),
        ...over,
      },
      { trailingStopPct: TRAIL },
    );

  test('on a venue that trails stops, the entry places one trailing stop there, from the tighter level', async () => {
    const { calls, trail, result } = await runCycle(
      BULLISH,
      { trailingStopVenue: async () => ({ exchangeSide: true, priceTick: 0.01 }) },
      { trailingStopPct: TRAIL },
    );
    expect(trail).toEqual([
      'submitCycleOrder entry',
      'trailingStopVenue',
      'placeProtectionOrder trailing_stop',
      'placeProtectionOrder take_profit',
      'recordCycle',
    ]);
    const [ts] = callsOf(calls, 'placeProtectionOrder').map((c) => c.args[0]);
    const riskStop = recordOf(calls).verdict.stopLoss as number;
    // Risk's default stop is 5 % away: the 2 % trail from the fill is the tighter.
    expect(riskStop).toBeLessThan(PRICE * 0.98);
    expect(ts).toMatchObject({ kind: 'trailing_stop', trailingPercent: TRAIL, side: 'sell' });
    expect(ts.purpose).toBeUndefined();
    expect(ts.triggerPrice).toBeCloseTo(PRICE * 0.98, 9);
    expect(result.compensated).toBe(false);
  });

  test('elsewhere the entry places a plain stop, named a trailing stop when the trail is tighter, and unwinds it by that name', async () => {
    const { calls, trail } = await runCycle(
      BULLISH,
      {
        placeProtectionOrder: async (r) => {
          if (r.kind === 'take_profit') throw refused('take-profit rejected');
          return protection(r);
        },
      },
      { trailingStopPct: TRAIL },
    );
    expect(trail).toEqual([
      'submitCycleOrder entry',
      'trailingStopVenue',
      'placeProtectionOrder trailing_stop',
      'placeProtectionOrder take_profit',
      'cancelCycleOrders take_profit',
      'cancelCycleOrders trailing_stop',
      'flattenCycleEntry',
      'recordCycle',
    ]);
    const [sl] = callsOf(calls, 'placeProtectionOrder').map((c) => c.args[0]);
    expect(sl).toMatchObject({ kind: 'stop_loss', purpose: 'trailing_stop' });
    expect(sl.trailingPercent).toBeUndefined();
    expect(sl.triggerPrice).toBeCloseTo(PRICE * 0.98, 9);
  });

  test('a trail wider than the risk stop starts at the risk stop, as a stop-loss', async () => {
    const { calls } = await runCycle(BULLISH, {}, { trailingStopPct: 20 });
    const [sl] = callsOf(calls, 'placeProtectionOrder').map((c) => c.args[0]);
    expect(sl).toMatchObject({ kind: 'stop_loss', triggerPrice: recordOf(calls).verdict.stopLoss });
    expect(sl.purpose).toBeUndefined();
  });

  test('a later cycle moves the stop behind the best price: the new one placed first, then the old one cancelled', async () => {
    const { calls, trail, result, workflowId } = await holdWithPosition(61_000);
    expect(result.action).toBe('HOLD');
    expect(trail).toEqual([
      'trailingStopState',
      'placeProtectionOrder trailing_stop',
      'cancelRestingStop stop_loss',
      'recordCycle',
    ]);
    const [state] = callsOf(calls, 'trailingStopState').map((c) => c.args[0]);
    expect(state).toMatchObject({ side: 'long', snapshotKey: `snapshot:${workflowId}` });
    const [moved] = callsOf(calls, 'placeProtectionOrder').map((c) => c.args[0]);
    // 2 % behind 61 000.
    expect(moved).toEqual(
      expect.objectContaining({
        cycleId: workflowId,
        kind: 'stop_loss',
        purpose: 'trailing_stop',
        side: 'sell',
        quantity: held.quantity,
        triggerPrice: 59_780,
        protectsCycleId: 'cycle-entry',
      }),
    );
    const [cancel] = callsOf(calls, 'cancelRestingStop').map((c) => c.args[0]);
    expect(cancel).toMatchObject({
      clientOrderId: restingStop.clientOrderId,
      purpose: 'stop_loss',
      cycleId: 'cycle-entry',
    });
    expect(
      recordOf(calls).orders.map((o: { purpose: string; triggerPrice?: number }) => [o.purpose, o.triggerPrice]),
    ).toEqual([['trailing_stop', 59_780]]);
    expect(result.reasons).toContain('trailing stop: moved 58800 → 59780 (best price since entry 61000)');
    expect(result.reasons).toContain(`trailing stop: replaced ${restingStop.clientOrderId} canceled`);
    expect(result.compensated).toBe(false);
  });

  test('a price that did not move the trail (by a tick) leaves the stop alone', async () => {
    const { trail, result } = await holdWithPosition(60_000.01);
    expect(trail).toEqual(['trailingStopState', 'recordCycle']);
    expect(result.reasons).toContain('trailing stop: stays at 58800 (best price since entry 60000.01)');
  });

  test('a new stop the venue refuses keeps the old one: nothing is cancelled, nothing compensated', async () => {
    const { trail, result } = await holdWithPosition(61_000, {
      placeProtectionOrder: async () => Promise.reject(refused('stop rejected')),
    });
    expect(trail).toEqual(['trailingStopState', 'placeProtectionOrder trailing_stop', 'recordCycle']);
    expect(result.compensated).toBe(false);
    expect(result.reasons.join('\n')).toMatch(
      /trailing stop: placing 59780 failed \(.*stop rejected\); the stop at 58800 stays/,
    );
  });

  test('a venue that trails the stop itself, or a session without a trailing stop, moves nothing', async () => {
    const exchangeSide = await holdWithPosition(61_000, {
      trailingStopState: async () => ({ exchangeSide: true, priceTick: 0.01, stops: [], entryMs: null, extreme: null }),
    });
    expect(exchangeSide.trail).toEqual(['trailingStopState', 'recordCycle']);
    const none = await runCycle(NEUTRAL, {
      buildSnapshot: async (_input, cycleId) => snapshot(cycleId, { position: held }),
    });
    expect(none.trail).toEqual(['recordCycle']);
  });
});
