import type Redis from 'ioredis';
import type { Logger } from '../logger';
import {
  EVENTS_CHANNEL,
  PublishedEventSchema,
  toGatewayEvent,
  type GatewayEvent,
} from '../../core/events/gateway-event';

export interface RedisEventBridgeOptions {
  /** A connection dedicated to subscribing (ioredis allows no other commands on it meanwhile). */
  subscriber: Redis;
  channel?: string;
  publish: (event: GatewayEvent) => void;
  logger: Logger;
}

/**
 * Fans out events that any process publishes on Redis, so several gateways behind a proxy all
 * deliver every event. Malformed messages are logged and dropped, never forwarded.
 */
export async function startRedisEventBridge(options: RedisEventBridgeOptions): Promise<{ stop(): Promise<void> }> {
  const channel = options.channel ?? EVENTS_CHANNEL;
  const onMessage = (from: string, message: string) => {
    if (from !== channel) return;
    let raw: unknown;
    try {
      raw = JSON.parse(message);
    } catch {
      options.logger.warn(`dropped a message on ${channel} that is not JSON`);
      return;
    }
    const parsed = PublishedEventSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      options.logger.warn(
        `dropped an invalid event on ${channel}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      );
      return;
    }
    options.publish(toGatewayEvent(parsed.data));
  };
  options.subscriber.on('message', onMessage);
  await options.subscriber.subscribe(channel);
  return {
    async stop() {
      options.subscriber.off('message', onMessage);
      if (options.subscriber.status === 'ready') await options.subscriber.unsubscribe(channel);
    },
  };
}
