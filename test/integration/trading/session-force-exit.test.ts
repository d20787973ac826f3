// A force exit on the real stack: the session closes one symbol's position at market before its next
// candle and goes on (the other symbol's position stays), an unknown symbol is refused naming the
// session's symbols, and the close reaches the notification channels as an exit_fill whose reason is
// force_exit, beside the session's startup message.
import type { Client } from '@temporalio/client';
import { createActivities } from '../../../activities';
import { ConfigSchema } from '../../../core/config/schema';
import { RefusedError } from '../../../core/errors';
import { createNotificationPublisher } from '../../../infra/services/notify/notification-publisher';
import { forceExitSession } from '../../../infra/services/sessions/session-signals';
import { statusQuery, stopSignal } from '../../../workflows/definitions';
import { sessionWorkflowId } from '../../../workflows/trading-contract';
import { tradingSession } from '../../../workflows/trading-session';
import { startWebhookReceiver, type WebhookReceiver } from '../../fixtures/notify/webhook-receiver';
import { startTestWorker, type TestWorker } from '../test-worker';
import { sessionDeps, sessionInput, TEST_TOKEN, uniqueId, until } from './session-harness';

jest.setTimeout(180_000);

const taskQueue = uniqueId('force-exit-');
let deps: ReturnType<typeof sessionDeps>;
let worker: TestWorker;
let client: Client;
let hook: WebhookReceiver;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  deps = sessionDeps(60);
  const config = ConfigSchema.parse({
    gateway: { token: TEST_TOKEN },
    notifications: [{ type: 'webhook', urlEnv: 'FX_HOOK' }],
  });
  worker = await startTestWorker({
    taskQueue,
    activities: createActivities({
      ...deps,
      config,
      env: { FX_HOOK: hook.url },
      notifier: createNotificationPublisher({
        channels: config.notifications,
        client: async () => worker.client,
        taskQueue,
        log: () => {},
      }),
    }),
  });
  client = worker.client;
});

afterAll(async () => {
  await worker?.stop();
  await deps?.close();
  await hook?.close();
});

const messages = (sessionId: string) =>
  hook
    .deliveries()
    .map((d) => d.json as { event: string; sessionId?: string; symbol?: string; fields: Record<string, unknown> })
    .filter((m) => m.sessionId === sessionId);

test('force exit of one symbol closes it before the next candle; the session and its other position go on', async () => {
  const id = uniqueId('fx');
  const symbols = ['BTC/USDT', 'ETH/USDT'];
  const venue = await deps.venues.forSession({ sessionId: id, mode: 'paper', exchange: 'sim' });
  for (const [symbol, amount] of [
    ['BTC/USDT', 0.01],
    ['ETH/USDT', 0.2],
  ] as const)
    await venue.createOrder({ symbol, side: 'buy', type: 'market', amount, clientOrderId: `pre-${id}-${symbol[0]}` });

  const h = await client.workflow.start(tradingSession, {
    taskQueue,
    workflowId: sessionWorkflowId(id),
    args: [sessionInput(id, { symbols, maxCycles: 10_000 })],
  });
  await until('both positions in the status', async () => (await h.query(statusQuery)).positions.length === 2);

  await expect(forceExitSession(deps.prisma, async () => client, id, 'DOGE/USDT')).rejects.toThrow(RefusedError);
  await expect(forceExitSession(deps.prisma, async () => client, id, 'DOGE/USDT')).rejects.toThrow(
    'trades BTC/USDT, ETH/USDT, not DOGE/USDT',
  );
  const r = await forceExitSession(deps.prisma, async () => client, id, 'eth/usdt', 'test');
  expect(r.symbol).toBe('ETH/USDT');

  const after = await until('ETH closed', async () => {
    const s = await h.query(statusQuery);
    return s.positions.every((p) => p.symbol !== 'ETH/USDT') && s;
  });
  expect(after.positions.map((p) => p.symbol)).toEqual(['BTC/USDT']);
  expect(['running', 'paused']).toContain(after.state.status);
  expect((await venue.fetchBalance()).ETH?.total ?? 0).toBeLessThan(1e-6);
  expect((await venue.fetchBalance()).BTC?.total ?? 0).toBeGreaterThan(0.009);

  const exit = await until('the exit_fill message', async () =>
    messages(id).find((m) => m.event === 'exit_fill' && m.symbol === 'ETH/USDT'),
  );
  expect(exit.fields).toMatchObject({ reason: 'force_exit', side: 'sell', symbol: 'ETH/USDT' });
  expect(messages(id).some((m) => m.event === 'startup')).toBe(true);

  await h.signal(stopSignal, 'done');
  expect((await h.result()).status).toBe('stopped');
});
