/** One dependency the gateway reports on (postgres, redis, temporal, worker, ...). */
export interface HealthProbe {
  name: string;
  /** A failing required probe makes /health answer 503; an optional one only degrades it. Default true. */
  required?: boolean;
  check(): Promise<ProbeResult>;
  /** Releases what the probe keeps open (pools, clients); whoever built the probes calls it at shutdown. */
  close?(): Promise<void> | void;
}

export interface ProbeResult {
  status: 'ok' | 'fail';
  detail?: string;
}

export interface DependencyHealth {
  name: string;
  status: 'ok' | 'fail';
  required: boolean;
  latencyMs: number;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** False when a required dependency fails: the HTTP status is then 503. */
  ready: boolean;
  checkedAt: string;
  dependencies: DependencyHealth[];
}
