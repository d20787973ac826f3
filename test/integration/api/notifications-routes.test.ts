// GET /api/v1/notifications against the integration stack's PostgreSQL: the configured channels with
// each event's level (names and types only, never an env var's value), the last day's deliveries per
// channel and status, and the newest deliveries or only the problems. Rows are written through the
// repository the delivery activities use.
import { createNotificationRepository } from '../../../infra/adapters/db/repositories/notifications';
import { repositoryDb } from '../../../infra/adapters/db/repositories/repository-db';
import { uniqueId } from '../trading/session-harness';
import { startDataGateway, type DataGateway } from './data-gateway-harness';

let gw: DataGateway;
const channel = uniqueId('hook').toLowerCase().slice(0, 30);
const key = (s: string) => `${s}:${channel}`;

beforeAll(async () => {
  process.env.NOTIFY_ROUTE_HOOK = 'https://hooks.example.com/secret-token-abc';
  gw = await startDataGateway({
    config: {
      notifications: [
        { type: 'log' },
        { type: 'webhook', name: channel, urlEnv: 'NOTIFY_ROUTE_HOOK', events: { entry: 'silent', exit: 'off' } },
      ],
    },
  });
  const repo = createNotificationRepository(repositoryDb({ prisma: gw.data.prisma }));
  const row = (k: string) => ({ key: key(k), channel, event: 'exit_fill', title: `title ${k}` });
  await repo.claim(row('sent'));
  await repo.markSent(key('sent'), channel, 'ext-1');
  await repo.claim(row('failed'));
  await repo.markFailed({ ...row('failed'), error: 'POST webhook answered 401' });
  await repo.claim(row('cut'));
  // A second claim of an attempt still "sending" is what a worker that died mid-send leaves.
  await repo.claim(row('cut'));
});

afterAll(async () => {
  await gw?.stop();
});

test('the channels with their levels, the day per status, and the deliveries', async () => {
  const r = await gw.api('GET', `/notifications?channel=${channel}`);
  expect(r.status).toBe(200);
  const hook = r.body.channels.find((c: { name: string }) => c.name === channel);
  expect(hook).toMatchObject({ type: 'webhook', deadlineMinutes: 60 });
  expect(hook.events).toMatchObject({ entry: 'silent', exit: 'off', exit_fill: 'on', risk_veto: 'off' });
  const mine = r.body.counts.filter((c: { channel: string }) => c.channel === channel);
  expect(mine.map((c: { status: string; count: number }) => `${c.status}:${c.count}`).sort()).toEqual([
    'failed:1',
    'sent:1',
    'uncertain:1',
  ]);
  expect(r.body.undelivered).toBeGreaterThanOrEqual(2);
  expect(r.body.deliveries.map((d: { key: string }) => d.key).sort()).toEqual(
    [key('cut'), key('failed'), key('sent')].sort(),
  );
  // The env var's value (a URL with a token) is in no answer.
  expect(JSON.stringify(r.body)).not.toContain('secret-token-abc');
});

test('problems=true lists only what did not arrive; bad query values name the field', async () => {
  const r = await gw.api('GET', `/notifications?channel=${channel}&problems=true`);
  expect(r.body.deliveries.map((d: { status: string }) => d.status).sort()).toEqual(['failed', 'uncertain']);
  const failed = r.body.deliveries.find((d: { status: string }) => d.status === 'failed');
  expect(failed.lastError).toBe('POST webhook answered 401');
  const bad = await gw.api('GET', '/notifications?limit=0');
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('limit');
});
