import type { RequestHandler } from 'express';
import { ApiError } from './api-error';
import { credentialValid } from './dashboard-ticket';

/** The token from `Authorization: Bearer <token>`, or undefined when the header is absent or not a bearer. */
export function bearerFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

export function bearerAuth(expectedToken: string): RequestHandler {
  return (req, res, next) => {
    // Preflights carry no credentials by design; CORS answers them before this runs.
    const presented = bearerFromHeader(req.headers.authorization);
    if (presented === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      next(new ApiError(401, 'unauthorized', 'missing bearer token: send "Authorization: Bearer <gateway.token>"'));
      return;
    }
    if (!credentialValid(presented, expectedToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      next(
        new ApiError(401, 'unauthorized', 'invalid or expired bearer token (compare with gateway.token in the config)'),
      );
      return;
    }
    next();
  };
}
