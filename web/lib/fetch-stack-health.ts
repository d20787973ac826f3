import { gatewayUrl } from './gateway-url';
import type { HealthReport } from './gateway-types';

/** What the dashboard knows about the stack: the gateway's report, or why there is none. */
export type StackHealth =
  | { kind: 'report'; gatewayUrl: string; httpStatus: number; report: HealthReport }
  | { kind: 'error'; gatewayUrl: string; message: string; checkedAt: string };

function isHealthReport(value: unknown): value is HealthReport {
  const v = value as HealthReport | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.status === 'ok' || v.status === 'degraded') &&
    typeof v.ready === 'boolean' &&
    typeof v.checkedAt === 'string' &&
    Array.isArray(v.dependencies) &&
    v.dependencies.every(
      (d) =>
        typeof d?.name === 'string' && (d.status === 'ok' || d.status === 'fail') && typeof d.latencyMs === 'number',
    )
  );
}

const TIMEOUT_MS = 4000;

/** Asks the gateway for its health; every failure becomes a message a person can act on. */
export async function fetchStackHealth(base = gatewayUrl()): Promise<StackHealth> {
  const checkedAt = new Date().toISOString();
  let url: URL;
  try {
    url = new URL('/api/v1/health', base);
  } catch {
    return {
      kind: 'error',
      gatewayUrl: base,
      checkedAt,
      message: `the gateway URL "${base}" is not a URL (check OPENTRADE_GATEWAY_URL)`,
    };
  }
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    return {
      kind: 'error',
      gatewayUrl: base,
      checkedAt,
      message: `cannot reach the gateway: ${describeFetchError(e)}`,
    };
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      kind: 'error',
      gatewayUrl: base,
      checkedAt,
      message: `the gateway answered HTTP ${res.status} without JSON${text ? `: ${text.slice(0, 200)}` : ''}`,
    };
  }
  // 503 is still a report: it says which dependency is down.
  if (isHealthReport(body)) return { kind: 'report', gatewayUrl: base, httpStatus: res.status, report: body };
  const gatewayMessage = (body as { error?: { message?: unknown } })?.error?.message;
  return {
    kind: 'error',
    gatewayUrl: base,
    checkedAt,
    message:
      typeof gatewayMessage === 'string'
        ? `the gateway answered HTTP ${res.status}: ${gatewayMessage}`
        : `the gateway answered HTTP ${res.status} with an unexpected body`,
  };
}

function describeFetchError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  // undici hides the useful part (ECONNREFUSED 127.0.0.1:18790) in the cause.
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof AggregateError && cause.errors.length > 0)
    return cause.errors.map((c: Error) => c.message).join('; ');
  if (cause instanceof Error && cause.message) return cause.message;
  return e.message;
}
