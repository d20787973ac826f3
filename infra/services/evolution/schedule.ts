// The nightly review as a Temporal Schedule per strategy: Temporal owns the timing, catch-up and
// overlap policy; we only create, change, pause, trigger and delete it.
import {
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import { TASK_QUEUES } from '../../../workflows/definitions';
import type { EvolutionWorkflowInput } from '../../../workflows/evolution-contract';
import { evolution } from '../../../workflows/evolution';
import { validateCron, validateTimezone } from './cron';
import { NotFoundError } from '../../../core/errors';

export function evolutionScheduleId(strategy: string): string {
  return `evolution-nightly-${strategy}`;
}

export interface ScheduleOptions {
  cron: string;
  timezone?: string;
  taskQueue?: string;
  note?: string;
}

export interface ScheduleSummary {
  scheduleId: string;
  cron: string[];
  timezone: string | undefined;
  paused: boolean;
  note: string | undefined;
  nextRuns: string[];
  recentRuns: { scheduledAt: string; workflowId: string }[];
  request: EvolutionWorkflowInput | undefined;
}

function summarize(id: string, d: ScheduleDescription): ScheduleSummary {
  const action = d.action as { type: string; args?: unknown[]; memo?: { cron?: string } };
  return {
    scheduleId: id,
    cron: action.memo?.cron ? [action.memo.cron] : [],
    timezone: d.spec.timezone,
    paused: d.state.paused,
    note: d.state.note,
    nextRuns: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
    recentRuns: d.info.recentActions.map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      workflowId: 'workflow' in a.action ? a.action.workflow.workflowId : '',
    })),
    request: action.type === 'startWorkflow' ? (action.args?.[0] as EvolutionWorkflowInput | undefined) : undefined,
  };
}

async function notFound(strategy: string): Promise<never> {
  throw new NotFoundError(
    `no nightly evolution schedule for strategy "${strategy}" (create one with: opentrade strategy evolve ${strategy} --schedule "0 2 * * *")`,
  );
}

/** Creates the strategy's schedule, or replaces its timing and request when it exists. Returns whether it was created. */
export async function upsertEvolutionSchedule(
  client: Client,
  request: EvolutionWorkflowInput,
  o: ScheduleOptions,
): Promise<{ scheduleId: string; created: boolean }> {
  validateCron(o.cron);
  if (o.timezone !== undefined) validateTimezone(o.timezone);
  const scheduleId = evolutionScheduleId(request.strategy);
  const spec = { cronExpressions: [o.cron.trim()], timezone: o.timezone };
  const action: ScheduleOptionsStartWorkflowAction<typeof evolution> = {
    type: 'startWorkflow',
    workflowType: evolution,
    // Temporal appends the scheduled time: evolution-{strategy}-{date}.
    workflowId: `evolution-${request.strategy}`,
    taskQueue: o.taskQueue ?? TASK_QUEUES.evolution,
    args: [request],
    // The server keeps cron only as structured calendars: the text travels in the action's memo,
    // which (unlike the schedule's own memo) an update can change.
    memo: { cron: o.cron.trim(), timezone: o.timezone ?? 'UTC' },
  };
  const handle = client.schedule.getHandle(scheduleId);
  try {
    await handle.describe();
    await handle.update((prev) => ({ ...prev, spec, action }));
    return { scheduleId, created: false };
  } catch (e) {
    if (!(e instanceof ScheduleNotFoundError)) throw e;
  }
  await client.schedule.create({
    scheduleId,
    spec,
    action,
    // A review still running at the next fire time is not doubled.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    state: { note: o.note ?? `nightly review of ${request.strategy}` },
  });
  return { scheduleId, created: true };
}

async function withSchedule<T>(
  client: Client,
  strategy: string,
  fn: (h: ReturnType<Client['schedule']['getHandle']>) => Promise<T>,
): Promise<T> {
  const handle = client.schedule.getHandle(evolutionScheduleId(strategy));
  try {
    return await fn(handle);
  } catch (e) {
    if (e instanceof ScheduleNotFoundError) return notFound(strategy);
    throw e;
  }
}

export function describeEvolutionSchedule(client: Client, strategy: string): Promise<ScheduleSummary> {
  return withSchedule(client, strategy, async (h) => summarize(h.scheduleId, await h.describe()));
}

export function pauseEvolutionSchedule(client: Client, strategy: string, note = 'paused from the CLI'): Promise<void> {
  return withSchedule(client, strategy, async (h) => {
    await h.describe();
    await h.pause(note);
  });
}

export function unpauseEvolutionSchedule(
  client: Client,
  strategy: string,
  note = 'unpaused from the CLI',
): Promise<void> {
  return withSchedule(client, strategy, async (h) => {
    await h.describe();
    await h.unpause(note);
  });
}

/** Starts the review now, whatever the cron says (and even when paused). */
export function triggerEvolutionSchedule(client: Client, strategy: string): Promise<void> {
  return withSchedule(client, strategy, async (h) => {
    await h.describe();
    await h.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  });
}

export function deleteEvolutionSchedule(client: Client, strategy: string): Promise<void> {
  return withSchedule(client, strategy, async (h) => {
    await h.describe();
    await h.delete();
  });
}
