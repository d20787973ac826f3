// A paper session's trailing stop on the real stack (Temporal, Postgres, Redis; the paper venue over
// the replayed sine market): the entry places it on the venue, the venue ratchets it as the price
// climbs, and when the price turns it closes the position, which the ledger records as a
// trailing-stop exit at a level the fixed stop would never have reached. The same paper venue with
// its trailing orders hidden is a venue without them: there the cycles move a plain stop.
import type { Client } from '@temporalio/client';
import type { VenueProvider } from '../../../activities/deps';
import { cycleClientOrderId } from '../../../activities/order-ids';
import { createRepositories } from '../../../infra/adapters/db';
import { paperAccountId } from '../../../infra/adapters/exchange/venue-provider';
import { bundleWorkflows, TRADING_WORKFLOWS_PATH } from '../../../workers/workflow-bundle';
import { startTestWorker, type TestWorker } from '../test-worker';
import {
  CANDLE,
  cycleActivities,
  cycleDeps,
  cycleIdOf,
  cycleInput,
  runCycleOn,
  sineSeries,
  uniqueSession,
  type CycleDeps,
} from './cycle-harness';

jest.setTimeout(180_000);

const taskQueue = uniqueSession('trailing-');
const TRAIL = 1;
/** Sessions whose venue keeps no trailing stop (the session must). */
const MANAGED = 'managed';
let deps: CycleDeps;
let testWorker: TestWorker;
let client: Client;

function withoutTrailingOrders(real: VenueProvider): VenueProvider {
  return {
    marketData: (exchange) => real.marketData(exchange),
    async forSession(s) {
      const venue = await real.forSession(s);
      if (!s.sessionId.startsWith(MANAGED)) return venue;
      const has = { ...venue.has, trailingStopOrders: false };
      return new Proxy(venue, {
        get: (target, prop) => {
          if (prop === 'has') return has;
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}

beforeAll(async () => {
  deps = cycleDeps();
  testWorker = await startTestWorker({
    taskQueue,
    workflowBundle: await bundleWorkflows(TRADING_WORKFLOWS_PATH),
    activities: cycleActivities({ ...deps, venues: withoutTrailingOrders(deps.venues) }),
  });
  client = testWorker.client;
});

afterAll(async () => {
  await testWorker?.stop();
  await deps?.close();
});

const paperOrder = (sessionId: string, clientOrderId: string) =>
  deps.prisma.paperOrder.findFirstOrThrow({ where: { accountId: paperAccountId(sessionId), clientOrderId } });

test('the venue ratchets the trailing stop as the price climbs, and it closes the position as a trailing-stop exit', async () => {
  const sessionId = uniqueSession('trail');
  const run = (candle: number) =>
    runCycleOn(client, taskQueue, deps, cycleInput(sessionId, candle, { trailingStopPct: TRAIL }));

  // The entry, after the strategy's cross on the rising half of the sine.
  const entryInput = cycleInput(sessionId, CANDLE.buy, { trailingStopPct: TRAIL });
  const entryCycle = cycleIdOf(entryInput);
  const entry = await runCycleOn(client, taskQueue, deps, entryInput);
  expect(entry.action).toBe('BUY');
  expect(entry.compensated).toBe(false);
  const fill = entry.order!.average!;
  const tsId = cycleClientOrderId(entryCycle, 'trailing_stop');
  const placed = await paperOrder(sessionId, tsId);
  expect(placed).toMatchObject({ type: 'trailing_stop_market', status: 'open' });
  // Risk's stop is 5 % away: the 1 % trail from the fill is the tighter start.
  expect(Number(placed.triggerPrice)).toBeCloseTo(fill * (1 - TRAIL / 100), 0);
  // No fixed stop-loss beside it; the take-profit stays.
  const rows = await deps.prisma.order.findMany({ where: { decisionId: entryCycle } });
  expect(rows.map((o) => o.clientOrderId).sort()).toEqual(
    [cycleClientOrderId(entryCycle, 'entry'), tsId, cycleClientOrderId(entryCycle, 'take_profit')].sort(),
  );

  // Half way up: the venue has moved the stop above the entry, 1 % behind the highest high since.
  const mid = await run(CANDLE.hold);
  expect(mid.action).toBe('HOLD');
  const ratcheted = Number((await paperOrder(sessionId, tsId)).triggerPrice);
  const series = sineSeries();
  let high = 0;
  for (let i = CANDLE.buy + 1; i < CANDLE.hold; i++) high = Math.max(high, series.high[i]);
  expect(ratcheted).toBeGreaterThan(fill);
  expect(ratcheted).toBeGreaterThanOrEqual(high * (1 - TRAIL / 100) - 0.01);
  expect((await paperOrder(sessionId, tsId)).status).toBe('open');

  // Past the top and 1 % down from it: the stop has fired; the cycle after it settles the trade.
  const after = await run(350);
  const fired = await paperOrder(sessionId, tsId);
  expect(fired.status).toBe('closed');
  expect(Number(fired.triggerPrice)).toBeGreaterThan(ratcheted);
  expect((await paperOrder(sessionId, cycleClientOrderId(entryCycle, 'take_profit'))).status).toBe('canceled');
  const [trade] = await deps.prisma.trade.findMany({ where: { sessionId } });
  expect(trade).toMatchObject({ status: 'closed', exitOrderId: tsId });
  expect(Number(trade.exitPrice)).toBeGreaterThan(fill); // a profit no fixed stop below the entry takes
  expect(Number(trade.pnl)).toBeGreaterThan(0);
  expect(after.realizedPnl).toBeCloseTo(Number(trade.pnl), 6);

  const ledger = await createRepositories(deps).trades.closedForProtections(sessionId, 0);
  expect(ledger.map((t) => t.exitReason)).toEqual(['trailing_stop']);
  expect(await deps.prisma.position.count({ where: { sessionId, status: 'open' } })).toBe(0);
});

test('where the venue keeps no trailing stop, the cycles move a plain stop up, new before old, until it closes the position', async () => {
  const sessionId = uniqueSession(MANAGED);
  const run = (candle: number) =>
    runCycleOn(client, taskQueue, deps, cycleInput(sessionId, candle, { trailingStopPct: TRAIL }));
  const series = sineSeries();
  const highSince = (from: number, to: number) => {
    let high = 0;
    for (let i = from; i <= to; i++) high = Math.max(high, series.high[i]);
    return high;
  };

  const entryInput = cycleInput(sessionId, CANDLE.buy, { trailingStopPct: TRAIL });
  const entryCycle = cycleIdOf(entryInput);
  const entry = await runCycleOn(client, taskQueue, deps, entryInput);
  expect(entry.action).toBe('BUY');
  const fill = entry.order!.average!;
  const first = cycleClientOrderId(entryCycle, 'trailing_stop');
  // A plain stop on the venue, at the trail from the fill (tighter than risk's 5 %).
  const placed = await paperOrder(sessionId, first);
  expect(placed).toMatchObject({ type: 'stop_market', status: 'open' });
  expect(Number(placed.triggerPrice)).toBeCloseTo(fill * (1 - TRAIL / 100), 0);

  // Half way up: the cycle (a HOLD) places the stop 1 % behind the high since entry, then cancels the old one.
  const midInput = cycleInput(sessionId, CANDLE.hold, { trailingStopPct: TRAIL });
  const mid = await runCycleOn(client, taskQueue, deps, midInput);
  expect(mid.action).toBe('HOLD');
  const second = cycleClientOrderId(cycleIdOf(midInput), 'trailing_stop');
  const moved = await paperOrder(sessionId, second);
  expect(moved).toMatchObject({ type: 'stop_market', status: 'open' });
  const expected = Math.floor(highSince(CANDLE.buy + 1, CANDLE.hold) * (1 - TRAIL / 100) * 100) / 100;
  expect(Number(moved.triggerPrice)).toBeCloseTo(expected, 2);
  expect(Number(moved.triggerPrice)).toBeGreaterThan(fill);
  const history = await client.workflow.getHandle(cycleIdOf(midInput)).fetchHistory();
  const scheduled = (history.events ?? [])
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
    .filter((n) => n !== undefined);
  expect(scheduled).toEqual(['trailingStopState', 'placeProtectionOrder', 'cancelRestingStop', 'recordCycle']);
  expect((await paperOrder(sessionId, first)).status).toBe('canceled');
  // Filed under the entry's cycle, beside its take-profit: the twin a fill cancels.
  const row = await deps.prisma.order.findUniqueOrThrow({ where: { clientOrderId: second } });
  expect(row).toMatchObject({ decisionId: entryCycle, purpose: 'stop_loss' });
  expect(mid.reasons.join('\n')).toMatch(/trailing stop: moved .* → /);

  // At the top, moved again; on the way down it fires and the ledger calls it a trailing-stop exit.
  const topInput = cycleInput(sessionId, 305, { trailingStopPct: TRAIL });
  await runCycleOn(client, taskQueue, deps, topInput);
  const third = cycleClientOrderId(cycleIdOf(topInput), 'trailing_stop');
  expect(Number((await paperOrder(sessionId, third)).triggerPrice)).toBeGreaterThan(Number(moved.triggerPrice));
  expect((await paperOrder(sessionId, second)).status).toBe('canceled');
  // Past the top, before the price falls through the stop: no new high, so the stop stays.
  const stillInput = cycleInput(sessionId, 312, { trailingStopPct: TRAIL });
  const still = await runCycleOn(client, taskQueue, deps, stillInput);
  expect(still.reasons.join('\n')).toMatch(/trailing stop: stays at /);
  expect(
    await deps.prisma.order.count({
      where: { clientOrderId: cycleClientOrderId(cycleIdOf(stillInput), 'trailing_stop') },
    }),
  ).toBe(0);
  expect((await paperOrder(sessionId, third)).status).toBe('open');
  await run(350);
  expect((await paperOrder(sessionId, third)).status).toBe('closed');
  expect((await paperOrder(sessionId, cycleClientOrderId(entryCycle, 'take_profit'))).status).toBe('canceled');
  const [trade] = await deps.prisma.trade.findMany({ where: { sessionId } });
  expect(trade).toMatchObject({ status: 'closed', exitOrderId: third });
  expect(Number(trade.pnl)).toBeGreaterThan(0);
  const ledger = await createRepositories(deps).trades.closedForProtections(sessionId, 0);
  expect(ledger.map((t) => t.exitReason)).toEqual(['trailing_stop']);
});
