import { Router } from 'express';
import { redactConfig } from '../../core/config/redact-config';
import type { OpenTradeConfig } from '../../core/config/schema';

export function configRoute(config: OpenTradeConfig): Router {
  const router = Router();
  router.get('/config', (_req, res) => {
    res.json(redactConfig(config));
  });
  return router;
}
