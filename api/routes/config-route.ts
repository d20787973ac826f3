import { Router } from 'express';
import type { OpenTradeConfig } from '../../core/config/schema';

export const REDACTED = '<redacted>';

/** The config as the gateway runs it. The token is the only secret it holds (credentials are env var names). */
export function redactConfig(config: OpenTradeConfig): OpenTradeConfig {
  return { ...config, gateway: { ...config.gateway, token: REDACTED } };
}

export function configRoute(config: OpenTradeConfig): Router {
  const router = Router();
  router.get('/config', (_req, res) => {
    res.json(redactConfig(config));
  });
  return router;
}
