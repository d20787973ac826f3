// The intelligence sync as an activity: the provider is built from the worker's configuration (its
// URLs, and FRED's key read from the worker's environment), so the workflow carries only its id.
import { isProviderId, UnknownProviderError, type IntelProviderId } from '../core/intel/series';
import type { DataProvider } from '../core/intel/provider';
import { createIntelProviders } from '../infra/adapters/intel/registry';
import type { Repositories } from '../infra/adapters/db';
import { syncProvider } from '../infra/services/intel/sync-provider';
import type { IntelSyncResult } from '../workflows/intel-sync-contract';
import type { ActivityDeps } from './deps';

export function createIntelActivities(deps: ActivityDeps, repos: Pick<Repositories, 'intel'>) {
  let providers: Map<IntelProviderId, DataProvider> | undefined;
  return {
    async syncIntelProvider(id: IntelProviderId): Promise<IntelSyncResult> {
      if (!isProviderId(id)) throw new UnknownProviderError(id);
      providers ??= createIntelProviders(deps.config.intel, deps.env ?? process.env);
      const provider = providers.get(id);
      if (!provider) {
        // Its schedule outlived the config that enabled it: say so once per run, the next reconcile deletes it.
        return {
          provider: id,
          ok: false,
          observations: { inserted: 0, revised: 0, unchanged: 0 },
          headlines: { inserted: 0, duplicate: 0 },
          skipped: 0,
          error: {
            kind: 'disabled',
            message: `${id} is disabled in the config (intel.${id}.enabled or intel.enabled)`,
          },
        };
      }
      const out = await syncProvider(
        { provider, repo: repos.intel, log: deps.log },
        { backfillDays: deps.config.intel.backfillDays },
      );
      return {
        provider: id,
        ok: out.ok,
        observations: out.observations,
        headlines: out.headlines,
        skipped: out.skipped.length,
        ...(out.error ? { error: out.error } : {}),
      };
    },
  };
}
