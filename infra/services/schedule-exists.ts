// Whether a Temporal Schedule exists: what each schedule reconciler asks first (create or update).
import { ScheduleNotFoundError, type ScheduleHandle } from '@temporalio/client';

export async function scheduleExists(handle: ScheduleHandle): Promise<boolean> {
  try {
    await handle.describe();
    return true;
  } catch (e) {
    if (e instanceof ScheduleNotFoundError) return false;
    throw e;
  }
}
