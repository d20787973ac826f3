import { Router } from 'express';
import { name, version } from '../../package.json';

export function versionRoute(startedAt: Date): Router {
  const router = Router();
  router.get('/version', (_req, res) => {
    res.json({ name, version, node: process.version, startedAt: startedAt.toISOString() });
  });
  return router;
}
