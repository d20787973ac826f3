import type { IncomingMessage } from 'node:http';
import { bearerFromHeader } from '../http/auth';
import { credentialValid } from '../http/dashboard-ticket';

/** The subprotocol a browser offers alongside its token: new WebSocket(url, ['bearer', token]). */
export const BEARER_SUBPROTOCOL = 'bearer';

/**
 * Browsers cannot set headers on a WebSocket, so the token may also come as the subprotocol after
 * "bearer" or as ?token=. Node clients may send Authorization: Bearer.
 */
export function tokenFromUpgrade(req: IncomingMessage, url: URL): string | undefined {
  const fromHeader = bearerFromHeader(req.headers.authorization);
  if (fromHeader) return fromHeader;
  const protocols = (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const at = protocols.indexOf(BEARER_SUBPROTOCOL);
  if (at >= 0 && protocols[at + 1]) return protocols[at + 1];
  return url.searchParams.get('token') ?? undefined;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404; code: string; message: string };

export function checkUpgrade(
  req: IncomingMessage,
  url: URL,
  expectedToken: string,
  allowedOrigins: ReadonlySet<string>,
  path: string,
): UpgradeVerdict {
  if (url.pathname !== path)
    return {
      ok: false,
      status: 404,
      code: 'not_found',
      message: `no WebSocket endpoint at ${url.pathname} (use ${path})`,
    };
  const origin = req.headers.origin;
  // A browser always sends Origin; only the dashboard's pages may open the socket.
  if (origin !== undefined && !allowedOrigins.has(origin)) {
    return {
      ok: false,
      status: 403,
      code: 'origin_forbidden',
      message: `origin ${origin} is not allowed (set gateway.corsOrigin)`,
    };
  }
  const token = tokenFromUpgrade(req, url);
  if (token === undefined) {
    return {
      ok: false,
      status: 401,
      code: 'unauthorized',
      message: 'missing token: use the "bearer" subprotocol followed by the token, ?token=, or Authorization: Bearer',
    };
  }
  if (!credentialValid(token, expectedToken))
    return { ok: false, status: 401, code: 'unauthorized', message: 'invalid token' };
  return { ok: true };
}
