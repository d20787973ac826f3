// The daily summary on the real stack: a session's closed trades and equity of one UTC day become
// one message per session (PnL, trades, win rate, equity) with the day's equity chart as a PNG on the
// channels that take images, through the dailySummary workflow its schedule starts; the schedule
// exists only while a channel receives daily_summary.
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { createActivities } from '../../../activities';
import { ConfigSchema } from '../../../core/config/schema';
import {
  DAILY_SUMMARY_SCHEDULE_ID,
  reconcileDailySummarySchedule,
} from '../../../infra/services/notify/daily-summary-schedule';
import { createNotificationPublisher } from '../../../infra/services/notify/notification-publisher';
import { dailySummary } from '../../../workflows/daily-summary';
import { notificationWorkflowId, type ChannelOutcome } from '../../../workflows/notification-contract';
import { saveHistory } from '../../histories/save-history';
import { startNtfyFixture, type NtfyFixture } from '../../fixtures/notify/ntfy-fixture';
import { startWebhookReceiver, type WebhookReceiver } from '../../fixtures/notify/webhook-receiver';
import { sessionDeps, TEST_TOKEN, uniqueId } from '../trading/session-harness';
import { startTestWorker, type TestWorker } from '../test-worker';

jest.setTimeout(120_000);

const taskQueue = uniqueId('notify-daily-');
const DAY = Date.UTC(2026, 10, 20);
let ntfy: NtfyFixture;
let hook: WebhookReceiver;
let deps: ReturnType<typeof sessionDeps>;
let worker: TestWorker;
let client: Client;
const sessionId = uniqueId('daily');

const config = (dailyOff = false) =>
  ConfigSchema.parse({
    gateway: { token: TEST_TOKEN },
    notifications: [
      { type: 'ntfy', url: ntfy.url, topic: 'opentrade-daily', events: dailyOff ? { daily_summary: 'off' } : {} },
      { type: 'webhook', urlEnv: 'DAILY_HOOK', events: dailyOff ? { daily_summary: 'off' } : {} },
    ],
  });

beforeAll(async () => {
  [ntfy, hook] = await Promise.all([startNtfyFixture(), startWebhookReceiver()]);
  deps = sessionDeps(300);
  const cfg = config();
  const log = () => {};
  worker = await startTestWorker({
    taskQueue,
    activities: createActivities({
      ...deps,
      config: cfg,
      env: { DAILY_HOOK: hook.url },
      notifier: createNotificationPublisher({
        channels: cfg.notifications,
        client: async () => worker.client,
        taskQueue,
        log,
      }),
    }),
  });
  client = worker.client;
  const p = deps.prisma;
  await p.tradingSession.create({
    data: {
      id: sessionId,
      mode: 'paper',
      exchange: 'sim',
      symbols: ['BTC/USDT'],
      timeframe: '1h',
      strategyName: 'ema-cross',
      strategyVersion: 0,
      status: 'running',
    },
  });
  // 24 hourly points: 10 000 rising to 10 230, and three trades closed that day (two wins).
  await p.equitySnapshot.createMany({
    data: Array.from({ length: 24 }, (_, h) => ({
      sessionId,
      time: new Date(DAY + h * 3_600_000),
      equity: 10_000 + h * 10,
      cash: 10_000,
    })),
  });
  const trade = (pnl: number, h: number) => ({
    sessionId,
    symbol: 'BTC/USDT',
    side: 'long',
    action: 'BUY',
    status: 'closed',
    entryPrice: 60_000,
    exitPrice: 60_000 + pnl,
    quantity: 1,
    pnl,
    openedAt: new Date(DAY + (h - 1) * 3_600_000),
    closedAt: new Date(DAY + h * 3_600_000),
  });
  // The one closed the day after is not the day's.
  await p.trade.createMany({ data: [trade(150, 3), trade(-40, 9), trade(120, 20), trade(999, 30)] });
});

afterAll(async () => {
  await client?.schedule
    .getHandle(DAILY_SUMMARY_SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
  await worker?.stop();
  await deps?.close();
  await Promise.all([ntfy?.close(), hook?.close()]);
});

test("one summary per session for the day, with the day's figures and its equity chart where images go", async () => {
  const runId = uniqueId('daily-summary-');
  const r = await client.workflow.execute(dailySummary, { taskQueue, workflowId: runId, args: [{ dayStartMs: DAY }] });
  expect(r.sessions).toBeGreaterThanOrEqual(1);
  const key = `daily_summary:${sessionId}:2026-11-20`;
  const outcome = (await client.workflow.getHandle(notificationWorkflowId(key)).result()) as ChannelOutcome[];
  expect(outcome.map((o) => o.status)).toEqual(['sent', 'sent']);

  const pushed = ntfy.published().find((m) => m.title?.includes(sessionId));
  expect(pushed?.title).toBe(`Daily summary 2026-11-20 · ${sessionId}: PnL +230.00, 3 trades`);
  expect(pushed?.message).toContain('trades 3 (2 won, 1 lost) · win rate 66.7%');
  expect(pushed?.message).toContain('equity 10000 → 10230 (+2.30%)');
  // The chart arrived as a PNG (its signature) named for the session and day.
  expect(pushed?.attachment?.filename).toBe(`equity-${sessionId}-2026-11-20.png`);
  expect(pushed?.attachment?.data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  // The webhook takes no image: the same figures as fields.
  const sent = hook.deliveries().find((d) => (d.json as { key?: string }).key === key);
  expect((sent?.json as { fields: Record<string, unknown> }).fields).toMatchObject({ trades: 3, wins: 2, pnl: 230 });

  // Run again for the same day: the same keys, nothing sent twice.
  await client.workflow.execute(dailySummary, {
    taskQueue,
    workflowId: uniqueId('daily-summary-'),
    args: [{ dayStartMs: DAY }],
  });
  expect(ntfy.published().filter((m) => m.title?.includes(sessionId))).toHaveLength(1);
  await saveHistory(client, runId, 'daily-summary');
});

test('the schedule exists while a channel receives daily_summary, and goes when none does', async () => {
  expect(await reconcileDailySummarySchedule(client, config().notifications, taskQueue)).toBe('created');
  const d = await client.schedule.getHandle(DAILY_SUMMARY_SCHEDULE_ID).describe();
  expect(d.spec.calendars?.[0]).toMatchObject({
    hour: [{ start: 0, end: 0, step: 1 }],
    minute: [{ start: 5, end: 5, step: 1 }],
  });
  expect(await reconcileDailySummarySchedule(client, config().notifications, taskQueue)).toBe('updated');
  expect(await reconcileDailySummarySchedule(client, config(true).notifications, taskQueue)).toBe('deleted');
  await expect(client.schedule.getHandle(DAILY_SUMMARY_SCHEDULE_ID).describe()).rejects.toBeInstanceOf(
    ScheduleNotFoundError,
  );
});
