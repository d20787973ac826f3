// The daily summary's Temporal Schedule: at 00:05 UTC each day while any channel receives
// daily_summary, none otherwise. The worker that polls the notify queue makes it match the config
// when it starts, as it does the intelligence schedules.
import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import { levelFor } from '../../../core/notify/events';
import { TASK_QUEUES } from '../../../workflows/definitions';
import { dailySummary } from '../../../workflows/daily-summary';
import { scheduleExists } from '../schedule-exists';

export const DAILY_SUMMARY_SCHEDULE_ID = 'notify-daily-summary';

export const wantsDailySummary = (channels: readonly NotificationChannelConfig[]) =>
  channels.some((c) => c.type !== 'log' && levelFor('daily_summary', c.events) !== 'off');

export async function reconcileDailySummarySchedule(
  client: Client,
  channels: readonly NotificationChannelConfig[],
  taskQueue: string = TASK_QUEUES.notify,
): Promise<'created' | 'updated' | 'deleted' | 'none'> {
  const handle = client.schedule.getHandle(DAILY_SUMMARY_SCHEDULE_ID);
  const exists = await scheduleExists(handle);
  if (!wantsDailySummary(channels)) {
    if (!exists) return 'none';
    await handle.delete();
    return 'deleted';
  }
  const spec = { calendars: [{ hour: 0, minute: 5, comment: 'the UTC day that just ended' }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: dailySummary,
    workflowId: DAILY_SUMMARY_SCHEDULE_ID,
    taskQueue,
    args: [{}] as [{ dayStartMs?: number }],
    workflowExecutionTimeout: 60 * 60_000,
  };
  if (exists) {
    await handle.update((prev) => ({ ...prev, spec, action }));
    return 'updated';
  }
  await client.schedule.create({
    scheduleId: DAILY_SUMMARY_SCHEDULE_ID,
    spec,
    action,
    // A worker down over midnight sends yesterday's summary when it is back, within the day.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 20 * 3_600_000 },
    state: { note: 'daily summary of every session to the notification channels' },
  });
  return 'created';
}
