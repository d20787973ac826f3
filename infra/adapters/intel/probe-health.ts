// health() of every provider: one cheap request, timed, whose failure is a detail and never a throw.
import type { ProviderHealth } from '../../../core/intel/provider';

export async function probeHealth(
  request: () => Promise<string>,
  now: () => number = Date.now,
): Promise<ProviderHealth> {
  const started = now();
  try {
    const detail = await request();
    return { ok: true, detail, latencyMs: now() - started };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e), latencyMs: now() - started };
  }
}
