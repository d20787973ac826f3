import express, { Router, type Express } from 'express';
import type { GatewayData } from './data/gateway-data';
import { rateLimit } from './http/rate-limit';
import { mountRoutes, type RouteSpec } from './http/route-spec';
import { API_PREFIX, gatewayOpenApi } from './openapi/gateway-document';
import { dataRoutes } from './routes/data-routes';
import { openApiRoute } from './routes/openapi-route';
import type { OpenTradeConfig } from '../core/config/schema';
import type { GatewayEvent } from '../core/events/gateway-event';
import type { HealthProbe } from './health/health-probe';
import { bearerAuth } from './http/auth';
import { cors, dashboardOrigins } from './http/cors';
import { errorHandler, notFound } from './http/error-handler';
import type { Logger } from './logger';
import { configRoute } from './routes/config-route';
import { eventsRoute } from './routes/events-route';
import { healthRoute } from './routes/health-route';
import { versionRoute } from './routes/version-route';

export interface AppDeps {
  config: OpenTradeConfig;
  health: readonly HealthProbe[];
  publishEvent: (event: GatewayEvent) => Promise<void>;
  logger: Logger;
  startedAt: Date;
  healthTimeoutMs?: number;
  /** Largest accepted JSON body; larger ones get 413. */
  bodyLimit?: string;
  /** Database, Temporal and exchanges for the data routes; without them only health/config/events/version exist. */
  data?: GatewayData;
  env?: NodeJS.ProcessEnv;
}

/** Every documented route: the data routes (when the gateway has its clients) and the built-in ones. */
export function routeSpecs(deps: Pick<AppDeps, 'config' | 'data' | 'env'>): RouteSpec[] {
  return deps.data ? dataRoutes(deps.data, deps.config, deps.env) : [];
}

export function buildApp(deps: AppDeps): Express {
  const secrets = [deps.config.gateway.token];
  const app = express();
  app.disable('x-powered-by');
  // Lists change with every cycle: hashing each body for an ETag costs CPU and saves nothing.
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(cors(dashboardOrigins(deps.config)));
  // Before auth, so a token-guessing loop is limited too.
  app.use(rateLimit(deps.config.gateway.rateLimit));
  app.use(API_PREFIX, healthRoute(deps.health, { timeoutMs: deps.healthTimeoutMs, secrets }));
  const specs = routeSpecs(deps);
  app.use(API_PREFIX, openApiRoute(gatewayOpenApi(specs)));
  app.use(bearerAuth(deps.config.gateway.token));
  // Parsed only after auth: an anonymous client cannot make the gateway parse anything.
  app.use(express.json({ limit: deps.bodyLimit ?? '256kb' }));
  app.use(API_PREFIX, configRoute(deps.config));
  app.use(API_PREFIX, versionRoute(deps.startedAt));
  app.use(API_PREFIX, eventsRoute(deps.publishEvent));
  const data = Router();
  mountRoutes(data, specs);
  app.use(API_PREFIX, data);
  app.use(notFound);
  app.use(errorHandler(deps.logger, secrets));
  return app;
}
