import { mintTicket } from '../../api/http/dashboard-ticket';

/** Pages are handed a ticket, not the token: it expires, and the token never leaves this server. */
const TICKET_TTL_MS = 12 * 3600_000;

/**
 * A short-lived gateway credential for the browser, minted from OPENTRADE_GATEWAY_TOKEN (set by
 * `opentrade up`) with the gateway's own ticket code; '' when the server has no token and the user
 * must sign in with one. Read at request time through a variable name so Next cannot inline it at
 * build time.
 */
export function dashboardTicket(env: Record<string, string | undefined> = process.env, now = Date.now()): string {
  const name = 'OPENTRADE_GATEWAY_TOKEN';
  const token = env[name]?.trim();
  if (!token) return '';
  return mintTicket(token, TICKET_TTL_MS, now);
}
