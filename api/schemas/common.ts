import { z } from 'zod';

export const isoTime = z.string().describe('ISO-8601 UTC time');
export const nullableTime = isoTime.nullable();
export const jsonObject = z.record(z.string(), z.unknown());
export const temporalUiUrl = z
  .string()
  .nullable()
  .describe('the workflow in the Temporal Web UI (null when the UI address is unknown)');
export const idParams = z
  .object({
    id: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits, "_", ".", ":" or "-"'),
  })
  .strict();
/** Milliseconds since the epoch in a query string. */
export const msQuery = z.coerce.number().int().min(0).max(8_640_000_000_000_000);
