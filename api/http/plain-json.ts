// Database rows as plain JSON: Prisma Decimals become numbers (prices and sizes are float64 in every
// client we have), Dates ISO strings, BigInts numbers. Keys stay as they are.
type Decimalish = { toNumber(): number; d: unknown; s: unknown };

const isDecimal = (v: object): v is Decimalish => typeof (v as Decimalish).toNumber === 'function' && 'd' in v && 's' in v;

export function plainJson(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  if (isDecimal(value)) return value.toNumber();
  if (Array.isArray(value)) return value.map(plainJson);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const converted = plainJson(v);
    if (converted !== undefined) out[k] = converted;
  }
  return out;
}

export const plainRows = <T>(rows: readonly T[]): unknown[] => rows.map(plainJson);
