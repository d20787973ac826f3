import { Router } from 'express';
import { z } from 'zod';
import { PublishedEventSchema, toGatewayEvent, type GatewayEvent } from '../../core/events/gateway-event';
import { validate } from '../http/validate';

export const PublishEventsBodySchema = z
  .object({
    events: z
      .array(PublishedEventSchema)
      .min(1, 'must hold at least one event')
      .max(100, 'at most 100 events per request'),
  })
  .strict();

/**
 * POST /events: lets scripts and external tools push events to the dashboard's live feed.
 * `publish` goes through Redis when the gateway has a publisher, so every gateway delivers it.
 */
export function eventsRoute(publish: (event: GatewayEvent) => Promise<void>): Router {
  const router = Router();
  router.post('/events', validate({ body: PublishEventsBodySchema }), async (req, res) => {
    const body = req.body as z.infer<typeof PublishEventsBodySchema>;
    const now = Date.now();
    const events = body.events.map((e) => toGatewayEvent(e, now));
    for (const event of events) await publish(event);
    res.status(202).json({ published: events.length });
  });
  return router;
}
