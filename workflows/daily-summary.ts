// dailySummary: started by its Temporal Schedule (notify-daily-summary) just after each UTC midnight;
// publishes the day that just ended, one summary per session that ran in it. Each summary is then a
// notification like any other (its own delivery workflow, its key per session and day), so a run
// started twice for the same day sends nothing twice.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { quickIo } from './activity-options';

const { publishDailySummaries } = proxyActivities<Pick<Activities, 'publishDailySummaries'>>({
  ...quickIo,
  startToCloseTimeout: '2 minutes',
});

const DAY_MS = 86_400_000;

export async function dailySummary(
  input: { dayStartMs?: number } = {},
): Promise<{ sessions: number; started: number }> {
  // The day before the one the run started in: a run delayed past midnight still summarises the day it was for.
  const dayStartMs = input.dayStartMs ?? Math.floor(workflowInfo().startTime.getTime() / DAY_MS) * DAY_MS - DAY_MS;
  return publishDailySummaries({ dayStartMs });
}
