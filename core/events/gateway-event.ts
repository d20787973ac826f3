import { z } from 'zod';

/** The Redis pub/sub channel every process publishes events on; every gateway fans it out to /ws. */
export const EVENTS_CHANNEL = 'opentrade:events';

export const EventTypeSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_.:-]{0,63}$/,
    'must be lower case letters, digits, "_", ".", ":" or "-", starting with a letter, at most 64 characters',
  );

/** What a publisher sends: ts is filled in when absent. */
export const PublishedEventSchema = z
  .object({
    type: EventTypeSchema,
    data: z.unknown().optional(),
    ts: z.number().int().nonnegative().optional(),
  })
  .strict();

/** What a WebSocket client receives. ts = UTC milliseconds when the event was published. */
export interface GatewayEvent {
  type: string;
  data: unknown;
  ts: number;
}

export function toGatewayEvent(input: z.infer<typeof PublishedEventSchema>, now = Date.now()): GatewayEvent {
  return { type: input.type, data: input.data ?? null, ts: input.ts ?? now };
}
