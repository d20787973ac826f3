import { z } from 'zod';
import { EventTypeSchema } from '../../core/events/gateway-event';

/** What a WebSocket client may send: narrow or widen the event types it receives ("*" = all). */
export const ClientMessageSchema = z.union([
  z.object({ subscribe: z.array(z.union([EventTypeSchema, z.literal('*')])).max(100) }).strict(),
  z.object({ unsubscribe: z.array(z.union([EventTypeSchema, z.literal('*')])).max(100) }).strict(),
]);

export type ClientMessage = z.infer<typeof ClientMessageSchema>;
