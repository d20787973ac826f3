import { redactSecrets } from '../../core/security/redact-secrets';
import type { DependencyHealth, HealthProbe, HealthReport } from './health-probe';

export interface HealthCheckOptions {
  /** A probe that has not answered by then counts as failed, so /health itself always answers. */
  timeoutMs?: number;
  /** Strings that must never appear in a probe's detail (the gateway token, passwords). */
  secrets?: readonly string[];
}

export async function runHealthChecks(
  probes: readonly HealthProbe[],
  options: HealthCheckOptions = {},
): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const dependencies = await Promise.all(probes.map((probe) => runProbe(probe, timeoutMs, options.secrets ?? [])));
  const allOk = dependencies.every((d) => d.status === 'ok');
  const ready = dependencies.every((d) => d.status === 'ok' || !d.required);
  return { status: allOk ? 'ok' : 'degraded', ready, checkedAt: new Date().toISOString(), dependencies };
}

async function runProbe(probe: HealthProbe, timeoutMs: number, secrets: readonly string[]): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const required = probe.required ?? true;
  try {
    const result = await Promise.race([probe.check(), timeout]);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const detail = result.detail === undefined ? undefined : redactSecrets(result.detail, secrets);
    return {
      name: probe.name,
      status: result.status === 'ok' ? 'ok' : 'fail',
      required,
      latencyMs,
      ...(detail ? { detail } : {}),
    };
  } catch (e) {
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { name: probe.name, status: 'fail', required, latencyMs, detail: redactSecrets(describeError(e), secrets) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Node's connection errors are often AggregateErrors with an empty message (IPv4 and IPv6 both
 * refused). Duck-typed, because errors from another realm (vm contexts, jest) fail instanceof.
 */
function describeError(e: unknown): string {
  if (typeof e !== 'object' || e === null) return String(e);
  const err = e as { message?: unknown; errors?: unknown; code?: unknown; name?: unknown };
  if (typeof err.message === 'string' && err.message) return err.message;
  if (Array.isArray(err.errors) && err.errors.length > 0) return err.errors.map(describeError).join('; ');
  return typeof err.code === 'string' ? err.code : typeof err.name === 'string' ? err.name : String(e);
}
