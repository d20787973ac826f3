// The dashboard's browser pages never hold gateway.token: the dashboard server mints short-lived
// tickets from it (HMAC over the expiry) and the gateway accepts a valid, unexpired ticket wherever
// it accepts the token. A leaked ticket dies at its expiry; the token itself stays on the server.
// The dashboard server mints with this module too, so it imports nothing but node:crypto.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'ot1';
const CONTEXT = 'opentrade-dashboard-ticket.';
/** Longest lifetime a ticket may claim, so a forged far-future expiry is refused outright. */
export const MAX_TICKET_TTL_MS = 24 * 3600_000;

const mac = (token: string, expiresAt: number) =>
  createHmac('sha256', token).update(`${CONTEXT}${expiresAt}`).digest('base64url');

/**
 * Compares digests, not the strings: timingSafeEqual needs equal lengths, and hashing first means
 * neither the content nor the length of the expected token shows in the timing.
 */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function mintTicket(token: string, ttlMs: number, now = Date.now()): string {
  const expiresAt = now + Math.min(ttlMs, MAX_TICKET_TTL_MS);
  return `${PREFIX}.${expiresAt}.${mac(token, expiresAt)}`;
}

export function ticketValid(presented: string, token: string, now = Date.now()): boolean {
  const m = /^ot1\.(\d{13,16})\.([A-Za-z0-9_-]{43})$/.exec(presented);
  if (!m) return false;
  const expiresAt = Number(m[1]);
  if (!(expiresAt > now) || expiresAt - now > MAX_TICKET_TTL_MS) return false;
  return tokensEqual(m[2], mac(token, expiresAt));
}

/** The token itself, or a ticket minted from it. */
export const credentialValid = (presented: string, token: string, now = Date.now()): boolean =>
  tokensEqual(presented, token) || ticketValid(presented, token, now);
