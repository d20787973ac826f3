// The real `opentrade worker` SIGKILLed while a channel is answering one of its messages, then
// restarted: the message reached the channel once and is not sent again (its delivery is settled as
// uncertain, visible in the records), and the next message is delivered normally. Runs on a Temporal
// dev server of this file's own: the real worker polls the fixed opentrade-notify queue.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ConfigSchema } from '../../../core/config/schema';
import type { Notification } from '../../../core/notify/notification';
import { createPrisma } from '../../../infra/adapters/db';
import { createNotificationRepository } from '../../../infra/adapters/db/repositories/notifications';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import { createNotificationPublisher } from '../../../infra/services/notify/notification-publisher';
import { notificationWorkflowId, type ChannelOutcome } from '../../../workflows/notification-contract';
import { startWebhookReceiver, type WebhookReceiver } from '../../fixtures/notify/webhook-receiver';
import { TemporalServer, WorkerProcess } from '../trading/session-processes';
import { TEST_TOKEN, uniqueId, until } from '../trading/session-harness';

jest.setTimeout(300_000);

const home = mkdtempSync(path.join(os.tmpdir(), 'ot-notify-crash-'));
const temporal = new TemporalServer();
const prisma = createPrisma(process.env.DATABASE_URL!);
const repo = createNotificationRepository(repositoryDb({ prisma }));
let receiver: WebhookReceiver;
let worker: WorkerProcess;
let client: Client;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  await temporal.start();
  const configFile = path.join(home, 'opentrade.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      gateway: { token: TEST_TOKEN },
      notifications: [{ type: 'webhook', name: 'hook', urlEnv: 'OT_CRASH_HOOK', timeoutMs: 30_000 }],
    }),
  );
  worker = new WorkerProcess(
    {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      OPENTRADE_HOME: home,
      OPENTRADE_CONFIG: configFile,
      OT_CRASH_HOOK: receiver.url,
    },
    'notify',
  );
  await worker.start();
  client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
});

afterAll(async () => {
  await worker?.kill();
  await client?.connection.close();
  await temporal.stop();
  await receiver?.close();
  await prisma.$disconnect();
});

const publisher = () =>
  createNotificationPublisher({
    channels: ConfigSchema.parse({
      gateway: { token: TEST_TOKEN },
      notifications: [{ type: 'webhook', name: 'hook', urlEnv: 'OT_CRASH_HOOK' }],
    }).notifications,
    client: async () => client,
    log: () => {},
  });

const note = (): Notification => ({
  key: uniqueId('exit_fill:crash:'),
  event: 'exit_fill',
  at: Date.now(),
  title: 'Exit filled: BTC/USDT 0.5 @ 61000 (stop loss)',
  text: 'session crash',
  fields: {},
});
const arrivals = (key: string) =>
  receiver.requests().filter((r) => (JSON.parse(r.body.toString('utf8')) as { key?: string }).key === key);

test('SIGKILL mid-delivery: the message arrived once and is never sent twice; the next one is delivered', async () => {
  // The receiver holds the first request 8 s: the worker is killed while it waits for the answer.
  receiver.setFault({ delayMs: 8000, times: 1 });
  const n = note();
  await publisher().publish([n]);
  await until('the message to reach the receiver', async () => arrivals(n.key).length === 1, 60_000);
  await worker.kill('SIGKILL');
  await worker.start();

  // The heartbeat times out, Temporal retries on the new worker, and the record says an attempt was cut off.
  const result = (await client.workflow.getHandle(notificationWorkflowId(n.key)).result()) as ChannelOutcome[];
  expect(result).toEqual([{ channel: 'hook', status: 'uncertain', already: true }]);
  const row = await repo.get(n.key, 'hook');
  expect(row?.status).toBe('uncertain');
  expect(row?.lastError).toMatch(/cut off while sending/);
  // Give a second send every chance to happen: it must not.
  await new Promise((r) => setTimeout(r, 3000));
  expect(arrivals(n.key)).toHaveLength(1);

  const next = note();
  await publisher().publish([next]);
  const ok = (await client.workflow.getHandle(notificationWorkflowId(next.key)).result()) as ChannelOutcome[];
  expect(ok).toEqual([{ channel: 'hook', status: 'sent' }]);
  expect(arrivals(next.key)).toHaveLength(1);
  process.stdout.write(
    `delivery crash: ${worker.starts - 1} worker restart, ${receiver.requests().length} requests received\n`,
  );
});
