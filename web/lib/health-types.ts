/** The gateway's GET /api/v1/health answer (api/health/health-probe.ts). */
export interface DependencyHealth {
  name: string;
  status: 'ok' | 'fail';
  required: boolean;
  latencyMs: number;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  ready: boolean;
  checkedAt: string;
  dependencies: DependencyHealth[];
}

/** What the dashboard knows about the stack: the gateway's report, or why there is none. */
export type StackHealth =
  | { kind: 'report'; gatewayUrl: string; httpStatus: number; report: HealthReport }
  | { kind: 'error'; gatewayUrl: string; message: string; checkedAt: string };

export function isHealthReport(value: unknown): value is HealthReport {
  const v = value as HealthReport | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.status === 'ok' || v.status === 'degraded') &&
    typeof v.ready === 'boolean' &&
    typeof v.checkedAt === 'string' &&
    Array.isArray(v.dependencies) &&
    v.dependencies.every((d) => typeof d?.name === 'string' && (d.status === 'ok' || d.status === 'fail') && typeof d.latencyMs === 'number')
  );
}
