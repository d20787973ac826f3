import type Redis from 'ioredis';
import { EVENTS_CHANNEL, type GatewayEvent } from '../../../core/events/gateway-event';

/** Publishes on the shared channel; every gateway's bridge (including this one) fans it out. */
export async function publishEventToRedis(
  publisher: Redis,
  event: GatewayEvent,
  channel = EVENTS_CHANNEL,
): Promise<number> {
  return publisher.publish(channel, JSON.stringify(event));
}

/**
 * Several events in one pipeline (one socket write, one round trip), in order. Resolves with each
 * event's error or null: a best-effort caller logs the failures without losing the rest.
 */
export async function publishEventsToRedis(
  publisher: Redis,
  events: readonly GatewayEvent[],
  channel = EVENTS_CHANNEL,
): Promise<(Error | null)[]> {
  if (events.length === 0) return [];
  const pipeline = publisher.pipeline();
  for (const e of events) pipeline.publish(channel, JSON.stringify(e));
  try {
    const results = (await pipeline.exec()) ?? [];
    return events.map((_, i) => results[i]?.[0] ?? null);
  } catch (e) {
    return events.map(() => e as Error);
  }
}
