import express, { type Express } from 'express';
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

export const API_PREFIX = '/api/v1';

export interface AppDeps {
  config: OpenTradeConfig;
  health: readonly HealthProbe[];
  publishEvent: (event: GatewayEvent) => Promise<void>;
  logger: Logger;
  startedAt: Date;
  healthTimeoutMs?: number;
  /** Largest accepted JSON body; larger ones get 413. */
  bodyLimit?: string;
}

export function buildApp(deps: AppDeps): Express {
  const secrets = [deps.config.gateway.token];
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(cors(dashboardOrigins(deps.config)));
  app.use(API_PREFIX, healthRoute(deps.health, { timeoutMs: deps.healthTimeoutMs, secrets }));
  app.use(bearerAuth(deps.config.gateway.token));
  // Parsed only after auth: an anonymous client cannot make the gateway parse anything.
  app.use(express.json({ limit: deps.bodyLimit ?? '256kb' }));
  app.use(API_PREFIX, configRoute(deps.config));
  app.use(API_PREFIX, versionRoute(deps.startedAt));
  app.use(API_PREFIX, eventsRoute(deps.publishEvent));
  app.use(notFound);
  app.use(errorHandler(deps.logger, secrets));
  return app;
}
