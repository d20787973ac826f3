// Our clientOrderIds come from workflow ids and can be long; venues cap and restrict them. The
// venue id is derived deterministically, so a retried activity sends (and looks up) the same one.
import { createHash } from 'node:crypto';

/** An id of at most `maxLength` chars from [A-Za-z0-9_-]; kept as-is when it already fits. */
export function venueClientOrderId(clientOrderId: string, maxLength: number): string {
  if (!clientOrderId) throw new RangeError('clientOrderId must be a non-empty string');
  if (clientOrderId.length <= maxLength && /^[A-Za-z0-9_-]+$/.test(clientOrderId)) return clientOrderId;
  const hash = createHash('sha256')
    .update(clientOrderId)
    .digest('base64url')
    .replace(/[^A-Za-z0-9]/g, '');
  const prefix = clientOrderId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, Math.max(0, maxLength - 23));
  return `${prefix}${prefix ? '-' : ''}${hash}`.slice(0, maxLength);
}

/** Hyperliquid wants a 128-bit hex cloid: the first 16 bytes of sha256(clientOrderId). */
export function hyperliquidCloid(clientOrderId: string): string {
  if (!clientOrderId) throw new RangeError('clientOrderId must be a non-empty string');
  return `0x${createHash('sha256').update(clientOrderId).digest('hex').slice(0, 32)}`;
}
