// intelSync: one provider's fetch-and-store, started by its Temporal Schedule (intel-sync-{provider})
// at the provider's interval. Temporal owns the timing, overlap and catch-up; the workflow is one
// activity so the Web UI shows every run with its counts or its provider's error.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { intelSyncIo } from './activity-options';
import type { IntelSyncInput, IntelSyncResult } from './intel-sync-contract';

const { syncIntelProvider } = proxyActivities<Pick<Activities, 'syncIntelProvider'>>(intelSyncIo);

export async function intelSync(input: IntelSyncInput): Promise<IntelSyncResult> {
  return syncIntelProvider(input.provider);
}
