import { Router } from 'express';
import type { HealthProbe, HealthReport } from '../health/health-probe';
import { runHealthChecks } from '../health/run-health-checks';

/**
 * GET /health: no auth (load balancers and the dashboard poll it); 503 when a required dependency
 * fails. Requests that arrive while a check is running share its result, so many open dashboards
 * do not multiply the load on Postgres, Redis and Temporal.
 */
export function healthRoute(
  probes: readonly HealthProbe[],
  options: { timeoutMs?: number; secrets: readonly string[] },
): Router {
  const router = Router();
  let inFlight: Promise<HealthReport> | undefined;
  router.get('/health', async (_req, res) => {
    inFlight ??= runHealthChecks(probes, options).finally(() => {
      inFlight = undefined;
    });
    const report = await inFlight;
    res.setHeader('Cache-Control', 'no-store');
    res.status(report.ready ? 200 : 503).json(report);
  });
  return router;
}
