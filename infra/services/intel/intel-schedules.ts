// One Temporal Schedule per enabled intelligence provider, at its configured interval: the worker
// that polls the intel queue makes the schedules match the config when it starts (create, update the
// interval, delete those of providers now disabled), so Temporal owns the timing and the retries.
import { ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { IntelConfig } from '../../../core/config/intel-config-schema';
import { INTEL_PROVIDER_IDS, type IntelProviderId } from '../../../core/intel/series';
import { TASK_QUEUES } from '../../../workflows/definitions';
import { intelSync } from '../../../workflows/intel-sync';
import { intelScheduleId } from '../../../workflows/intel-sync-contract';
import { scheduleExists } from '../schedule-exists';

export interface ScheduleChanges {
  created: IntelProviderId[];
  updated: IntelProviderId[];
  deleted: IntelProviderId[];
}

/** Minutes between runs of each provider the config enables (none when intel is disabled). */
export function enabledIntervals(config: IntelConfig): Map<IntelProviderId, number> {
  const out = new Map<IntelProviderId, number>();
  if (!config.enabled) return out;
  for (const id of INTEL_PROVIDER_IDS) {
    const p = config[id];
    if (p.enabled) out.set(id, p.intervalMinutes);
  }
  return out;
}

export async function reconcileIntelSchedules(
  client: Client,
  config: IntelConfig,
  taskQueue: string = TASK_QUEUES.intel,
): Promise<ScheduleChanges> {
  const wanted = enabledIntervals(config);
  const changes: ScheduleChanges = { created: [], updated: [], deleted: [] };
  for (const id of INTEL_PROVIDER_IDS) {
    const handle = client.schedule.getHandle(intelScheduleId(id));
    const minutes = wanted.get(id);
    const exists = await scheduleExists(handle);
    if (minutes === undefined) {
      if (exists) {
        await handle.delete();
        changes.deleted.push(id);
      }
      continue;
    }
    const spec = { intervals: [{ every: minutes * 60_000 }] };
    const action: ScheduleOptionsStartWorkflowAction<typeof intelSync> = {
      type: 'startWorkflow',
      workflowType: intelSync,
      // Temporal appends the scheduled time, so every run has its own id in the Web UI.
      workflowId: intelScheduleId(id),
      taskQueue,
      args: [{ provider: id }],
      workflowExecutionTimeout: 15 * 60_000,
    };
    if (exists) {
      await handle.update((prev) => ({ ...prev, spec, action }));
      changes.updated.push(id);
    } else {
      await client.schedule.create({
        scheduleId: intelScheduleId(id),
        spec,
        action,
        // A slow run is not doubled; a worker down for hours catches up with one run, not dozens.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: minutes * 60_000 },
        state: { note: `intelligence sync of ${id} every ${minutes} min`, triggerImmediately: true },
      });
      changes.created.push(id);
    }
  }
  return changes;
}
