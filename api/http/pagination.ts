// Keyset pagination over (createdAt desc, id desc): stable while rows are being inserted, and the
// cursor is just the last row's id (Prisma's cursor + skip 1).
import { z } from 'zod';

export const idString = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits, "_", ".", ":" or "-"');

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('page size (1-500)'),
  cursor: idString.optional().describe('nextCursor from the previous page'),
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Prisma findMany arguments for one page; fetch limit+1 rows to know whether there is more. */
export function pageArgs(q: { limit: number; cursor?: string }): {
  take: number;
  skip?: number;
  cursor?: { id: string };
} {
  return q.cursor ? { take: q.limit + 1, skip: 1, cursor: { id: q.cursor } } : { take: q.limit + 1 };
}

export function toPage<T extends { id: string }>(
  rows: readonly T[],
  limit: number,
  map: (r: T) => unknown = (r) => r,
): Page<unknown> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), nextCursor: more ? kept[kept.length - 1].id : null };
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
