// How a webhook receiver knows a delivery came from us and was not replayed later: the signed string
// is `${timestamp}.${body}`, timestamp being the X-OpenTrade-Timestamp header (unix seconds) and body
// the raw request body bytes, and X-OpenTrade-Signature is `sha256=` + the hex HMAC-SHA256 of it under
// the shared secret. Signing the timestamp lets a receiver refuse old deliveries; signing the raw
// body means it must check the bytes it received, before parsing them.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signWebhook(secret: string, timestamp: number | string, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

/** Whether `header` is the signature of this timestamp and body; compared in constant time. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: number | string,
  body: string | Uint8Array,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const got = Buffer.from(header);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
