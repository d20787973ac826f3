// What one scheduled sync of an intelligence provider is asked and answers. Only the provider's id
// travels: URLs, intervals and keys are read by the activity from the worker's configuration.
import type { IntelProviderId } from '../core/intel/series';

export interface IntelSyncInput {
  provider: IntelProviderId;
}

/** The run's counts and, when the provider failed, why (it is retried on the next scheduled run). */
export interface IntelSyncResult {
  provider: IntelProviderId;
  ok: boolean;
  observations: { inserted: number; revised: number; unchanged: number };
  headlines: { inserted: number; duplicate: number };
  skipped: number;
  error?: { kind: string; message: string };
}

export const intelScheduleId = (provider: IntelProviderId) => `intel-sync-${provider}`;
