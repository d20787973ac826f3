import { Router } from 'express';

/** GET /openapi.json: public, like /health, so tools can discover the API before they have a token. */
export function openApiRoute(document: unknown): Router {
  const router = Router();
  const body = JSON.stringify(document);
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(body);
  });
  return router;
}
