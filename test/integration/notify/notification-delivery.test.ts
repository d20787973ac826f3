// Durable delivery on the real stack: a notification published from anywhere reaches each channel set
// to receive it, exactly once however often it is published; a channel answering 500 is retried until
// it accepts; a refusal fails at once and is recorded where `notify status` and the API read it; and a
// channel that hangs never slows a trading cycle (measured against a session with no channel).
import type { Client } from '@temporalio/client';
import { createActivities } from '../../../activities';
import { ConfigSchema } from '../../../core/config/schema';
import { NOTIFICATION_EVENTS } from '../../../core/notify/events';
import type { Notification } from '../../../core/notify/notification';
import { deliveryTargets } from '../../../core/notify/routing';
import { createNotificationRepository } from '../../../infra/adapters/db/repositories/notifications';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import { createNotificationPublisher } from '../../../infra/services/notify/notification-publisher';
import { notificationWorkflowId, type ChannelOutcome } from '../../../workflows/notification-contract';
import { sessionWorkflowId } from '../../../workflows/trading-contract';
import { tradingSession } from '../../../workflows/trading-session';
import { startWebhookReceiver, type WebhookReceiver } from '../../fixtures/notify/webhook-receiver';
import { sessionDeps, sessionInput, TEST_TOKEN, uniqueId, until } from '../trading/session-harness';
import { startTestWorker, type TestWorker } from '../test-worker';
import { saveHistory } from '../../histories/save-history';

jest.setTimeout(240_000);

const taskQueue = uniqueId('notify-');
const SECRET = 'whsec-canary-5f1e0c';
let a: WebhookReceiver;
let b: WebhookReceiver;
let dead: WebhookReceiver;
let deps: ReturnType<typeof sessionDeps>;
let worker: TestWorker;
let client: Client;
const lines: string[] = [];

const config = () =>
  ConfigSchema.parse({
    gateway: { token: TEST_TOKEN },
    notifications: [
      { type: 'log' },
      { type: 'webhook', name: 'hook-a', urlEnv: 'HOOK_A', secretEnv: 'HOOK_A_SECRET', timeoutMs: 2000 },
      { type: 'webhook', name: 'hook-b', urlEnv: 'HOOK_B', events: { entry: 'off', risk_veto: 'silent' } },
      { type: 'webhook', name: 'unset', urlEnv: 'HOOK_NOT_SET', events: { startup: 'off', warning: 'off' } },
    ],
  });

beforeAll(async () => {
  [a, b, dead] = await Promise.all([
    startWebhookReceiver({ secret: SECRET }),
    startWebhookReceiver(),
    startWebhookReceiver(),
  ]);
  deps = sessionDeps(300);
  const env = { HOOK_A: a.url, HOOK_A_SECRET: SECRET, HOOK_B: b.url };
  worker = await startTestWorker({
    taskQueue,
    activities: createActivities({ ...deps, config: config(), env, log: (l) => lines.push(l) }),
  });
  client = worker.client;
});

afterAll(async () => {
  await worker?.stop();
  await deps?.close();
  await Promise.all([a, b, dead].map((r) => r?.close()));
});

const publisher = (channels = config().notifications) =>
  createNotificationPublisher({ channels, client: async () => client, taskQueue, log: (l) => lines.push(l) });
const repo = () => createNotificationRepository(repositoryDb({ prisma: deps.prisma }));
const note = (event: Notification['event'], over: Partial<Notification> = {}): Notification => ({
  key: uniqueId(`${event}:`),
  event,
  at: Date.now(),
  title: `${event} title`,
  text: 'line one\nline two',
  fields: { symbol: 'BTC/USDT', price: 60_000.5 },
  ...over,
});
const outcome = (key: string) =>
  client.workflow.getHandle(notificationWorkflowId(key)).result() as Promise<ChannelOutcome[]>;

test('an event reaches each channel set to receive it, signed, exactly once however often it is published', async () => {
  const n = note('entry');
  const first = await publisher().publish([n]);
  const again = await publisher().publish([n, n]);
  expect(first).toMatchObject({ started: 1, duplicates: 0, errors: [] });
  // The same key again: refused by its workflow id, nothing new started.
  expect(again).toMatchObject({ started: 0, duplicates: 2 });
  // hook-b has entry off; "unset" names an env var that is not set, so it fails without sending.
  const result = await outcome(n.key);
  expect(result.map((r) => [r.channel, r.status]).sort()).toEqual([
    ['hook-a', 'sent'],
    ['unset', 'failed'],
  ]);
  expect(result.find((r) => r.channel === 'unset')?.error).toContain('HOOK_NOT_SET');
  const got = a.deliveries().filter((d) => (d.json as { key?: string }).key === n.key);
  expect(got).toHaveLength(1);
  expect(got[0].signatureValid).toBe(true);
  expect(got[0].json).toMatchObject({ event: 'entry', title: 'entry title', level: 'on' });
  expect(b.deliveries().some((d) => (d.json as { key?: string }).key === n.key)).toBe(false);
  const row = await repo().get(n.key, 'hook-a');
  expect(row).toMatchObject({ status: 'sent', attempts: 1, event: 'entry' });
  // The log channel had its line where the event was published.
  expect(lines).toContain('[info] entry: entry title');
  // A sent channel and a failed one (recorded as undelivered): both paths in one history to replay.
  await saveHistory(client, notificationWorkflowId(n.key), 'notification-delivery');
});

test('every event type reaches exactly the channels set to receive it, at their level', async () => {
  const ns = NOTIFICATION_EVENTS.map((e) => note(e));
  const r = await publisher().publish(ns);
  // A channel with the event off gets nothing; an event no channel receives (entry_fill, off by default) starts nothing.
  expect(r.errors).toEqual([]);
  const chans = config().notifications;
  for (const n of ns) {
    const want = deliveryTargets(chans, n.event).durable.filter((t) => t.channel !== 'unset');
    if (!deliveryTargets(chans, n.event).durable.length) continue;
    const got = await outcome(n.key);
    expect(
      got
        .filter((o) => o.status === 'sent')
        .map((o) => o.channel)
        .sort(),
    ).toEqual(want.map((t) => t.channel).sort());
    for (const [receiver, channel] of [
      [a, 'hook-a'],
      [b, 'hook-b'],
    ] as const) {
      const arrived = receiver.deliveries().filter((d) => (d.json as { key?: string }).key === n.key);
      const target = want.find((t) => t.channel === channel);
      expect([n.event, channel, arrived.length]).toEqual([n.event, channel, target ? 1 : 0]);
      if (target) expect((arrived[0].json as { level: string; title: string }).level).toBe(target.level);
    }
  }
});

test('levels: a channel set to silent gets the event marked silent; off by default stays off', async () => {
  const n = note('risk_veto');
  await publisher().publish([n]);
  const result = await outcome(n.key);
  // risk_veto is off by default (hook-a) and silent on hook-b.
  expect(result.map((r) => r.channel)).toEqual(['hook-b']);
  const got = b.deliveries().find((d) => (d.json as { key?: string }).key === n.key);
  expect((got?.json as { level?: string }).level).toBe('silent');
});

test('a channel answering 500 is retried with backoff until it accepts; the message arrives once', async () => {
  a.setFault({ status: 500, times: 2 });
  const n = note('exit_fill');
  await publisher().publish([n]);
  const result = await outcome(n.key);
  expect(result.find((r) => r.channel === 'hook-a')?.status).toBe('sent');
  expect(a.deliveries().filter((d) => (d.json as { key?: string }).key === n.key)).toHaveLength(1);
  const row = await repo().get(n.key, 'hook-a');
  expect(row).toMatchObject({ status: 'sent', attempts: 3 });
});

test('a refusal (401) fails at once, is recorded with its reason, and is listed among the problems', async () => {
  b.setFault({ status: 401, body: { error: 'bad token' } });
  const n = note('warning');
  await publisher().publish([n]);
  const result = await outcome(n.key);
  b.setFault(null);
  const failed = result.find((r) => r.channel === 'hook-b');
  expect(failed?.status).toBe('failed');
  expect(failed?.error).toContain('401');
  const row = await repo().get(n.key, 'hook-b');
  expect(row).toMatchObject({ status: 'failed', attempts: 1 });
  // The webhook URL is a secret: the recorded reason does not carry it.
  expect(row?.lastError).not.toContain(b.url);
  const problems = await repo().list({ limit: 50, problems: true, channel: 'hook-b' });
  expect(problems.map((p) => p.key)).toContain(n.key);
});

async function cycleMillis(sessionId: string): Promise<number[]> {
  const out: number[] = [];
  for await (const w of client.workflow.list({
    query: `OpenTradeSession = '${sessionId}' AND OpenTradeKind = 'cycle'`,
  })) {
    const d = await client.workflow.getHandle(w.workflowId).describe();
    if (d.closeTime) out.push(d.closeTime.getTime() - d.startTime.getTime());
  }
  return out.sort((x, y) => x - y);
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];

test('a channel that hangs never slows a cycle: cycle latency with a dead channel vs none', async () => {
  // A separate worker whose only channel hangs (answers after 60 s; the channel gives up at 5 s).
  dead.setFault({ delayMs: 60_000 });
  const deadQueue = uniqueId('notify-dead-');
  const deadConfig = ConfigSchema.parse({
    gateway: { token: TEST_TOKEN },
    notifications: [{ type: 'webhook', urlEnv: 'HOOK_DEAD', timeoutMs: 5000, deadlineMinutes: 1 }],
  });
  const deadDeps = { ...deps, config: deadConfig, env: { HOOK_DEAD: dead.url } };
  const deadWorker = await startTestWorker({
    taskQueue: deadQueue,
    activities: createActivities({
      ...deadDeps,
      notifier: createNotificationPublisher({
        channels: deadConfig.notifications,
        client: async () => client,
        taskQueue: deadQueue,
        log: () => {},
      }),
    }),
  });
  try {
    const run = async (queue: string) => {
      const id = uniqueId('lat');
      await client.workflow.execute(tradingSession, {
        taskQueue: queue,
        workflowId: sessionWorkflowId(id),
        args: [sessionInput(id, { maxCycles: 6 })],
      });
      return cycleMillis(id);
    };
    const baseline = await run(taskQueue);
    const withDead = await run(deadQueue);
    process.stdout.write(
      `cycle latency ms — healthy channels: median ${median(baseline)} max ${baseline.at(-1)}; dead channel: median ${median(withDead)} max ${withDead.at(-1)}\n`,
    );
    // The session did publish to the dead channel (its startup at least) while the cycles ran.
    await until('the dead channel to be called', async () => dead.requests().length > 0, 30_000);
    expect(withDead).toHaveLength(6);
    // Waiting on the channel would cost its 5 s timeout per cycle; no cycle came near it.
    expect(withDead.at(-1)!).toBeLessThan(5000);
    expect(median(withDead)).toBeLessThan(median(baseline) + 1000);
  } finally {
    dead.setFault(null);
    await deadWorker.stop();
  }
});
