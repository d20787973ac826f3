import type { RequestHandler } from 'express';

/**
 * Only the dashboard may call the gateway from a browser: gateway.corsOrigin (comma-separated)
 * when set, else the local dashboard on web.port under both loopback names.
 */
export function dashboardOrigins(config: {
  gateway: { corsOrigin?: string; [k: string]: unknown };
  web: { port: number; [k: string]: unknown };
}): string[] {
  const configured = config.gateway.corsOrigin
    ?.split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (configured && configured.length > 0) return configured;
  return [`http://localhost:${config.web.port}`, `http://127.0.0.1:${config.web.port}`];
}

export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin === undefined) {
      next();
      return;
    }
    const isAllowed = allowed.has(origin);
    if (isAllowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, Retry-After');
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (!isAllowed) {
        res.status(403).json({
          error: { code: 'cors_forbidden', message: `origin ${origin} is not allowed (set gateway.corsOrigin)` },
        });
        return;
      }
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
