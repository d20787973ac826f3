import { createHmac } from 'node:crypto';

/** Pages are handed a ticket, not the token: it expires, and the token never leaves this server. */
const TICKET_TTL_MS = 12 * 3600_000;

/**
 * A short-lived gateway credential for the browser, minted from OPENTRADE_GATEWAY_TOKEN (set by
 * `opentrade up`); '' when the server has no token and the user must sign in with one. The format
 * is the gateway's (api/http/dashboard-ticket.ts): ot1.<expiresAtMs>.<base64url HMAC-SHA256(token,
 * "opentrade-dashboard-ticket.<expiresAtMs>")>. Read at request time through a variable name so Next
 * cannot inline it at build time.
 */
export function dashboardTicket(env: Record<string, string | undefined> = process.env, now = Date.now()): string {
  const name = 'OPENTRADE_GATEWAY_TOKEN';
  const token = env[name]?.trim();
  if (!token) return '';
  const expiresAt = now + TICKET_TTL_MS;
  const mac = createHmac('sha256', token).update(`opentrade-dashboard-ticket.${expiresAt}`).digest('base64url');
  return `ot1.${expiresAt}.${mac}`;
}
