// One doctor line per enabled intelligence provider: when it last synced, or why it has not. Never
// required: the agents abstain on what is missing, so a provider that is down is a warning.
import type { IntelConfig } from '../../../core/config/intel-config-schema';
import type { ProviderRunStatus } from '../../adapters/db/repositories/intel';
import { enabledIntervals } from '../../services/intel/intel-schedules';
import { ok, warn, type CheckResult } from './check';

const iso = (ms: number) => new Date(ms).toISOString();

export function intelChecks(config: IntelConfig, runs: ProviderRunStatus[], now = Date.now()): CheckResult[] {
  const byProvider = new Map(runs.map((r) => [r.provider, r]));
  return [...enabledIntervals(config)].map(([id, minutes]) => {
    const name = `intel:${id}`;
    const fix = `check the network and intel.${id} in the config; \`opentrade data intel sync --provider ${id}\` runs it now`;
    const r = byProvider.get(id);
    const lastError = r?.lastError
      ? `; last error (${r.lastErrorKind ?? 'error'}) at ${iso(r.lastFailureAt!)}: ${r.lastError}`
      : '';
    if (!r?.lastSuccessAt) return warn(name, `never synced${lastError}`, fix);
    // Three missed intervals is more than one slow or refused run.
    if (now - r.lastSuccessAt > 3 * minutes * 60_000)
      return warn(
        name,
        `last success ${iso(r.lastSuccessAt)}, more than 3 intervals of ${minutes} min ago${lastError}`,
        fix,
      );
    return ok(name, `last success ${iso(r.lastSuccessAt)} (every ${minutes} min)`, false);
  });
}
