import type Redis from 'ioredis';
import { EVENTS_CHANNEL, type GatewayEvent } from '../../core/events/gateway-event';

/** Publishes on the shared channel; every gateway's bridge (including this one) fans it out. */
export async function publishEventToRedis(publisher: Redis, event: GatewayEvent, channel = EVENTS_CHANNEL): Promise<number> {
  return publisher.publish(channel, JSON.stringify(event));
}
