// Database rows as plain JSON: Prisma Decimals become numbers (prices and sizes are float64 in every
// client we have), Dates ISO strings, BigInts numbers. Keys stay as they are. On the list routes'
// hot path: one pass, no intermediate arrays.
//
// A stored size can carry the float noise of the arithmetic that produced it (a trade split pro rata
// stores 0.010110000000000001): 15 significant digits keep every digit a venue's step or price tick
// has and drop that noise, so a client reads 0.01011.
import { Prisma } from '../../infra/adapters/db';

const SIGNIFICANT = 15;

export function plainJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return typeof value === 'bigint' ? Number(value) : value;
  if (value instanceof Date) return value.toISOString();
  if (Prisma.Decimal.isDecimal(value)) return (value as Prisma.Decimal).toSignificantDigits(SIGNIFICANT).toNumber();
  if (Array.isArray(value)) return value.map(plainJson);
  if (value instanceof Uint8Array) return undefined;
  const out: Record<string, unknown> = {};
  for (const k in value) {
    const converted = plainJson((value as Record<string, unknown>)[k]);
    if (converted !== undefined) out[k] = converted;
  }
  return out;
}
