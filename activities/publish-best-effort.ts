// Events for live dashboards, published on Redis for every gateway to fan out. Best effort: a Redis
// hiccup must never fail (and so retry) the work the event describes.
import type Redis from 'ioredis';
import { publishEventToRedis } from '../infra/adapters/events/publish-event';

export function bestEffortPublisher(redis: Redis | undefined, log?: (line: string) => void) {
  return async (type: string, data: Record<string, unknown>): Promise<void> => {
    if (!redis) return;
    await publishEventToRedis(redis, { type, data, ts: Date.now() }).catch((e: Error) =>
      log?.(`publish ${type} failed: ${e.message}`),
    );
  };
}

/** At most one call per `everyMs` goes through (the last state is what a progress bar needs). */
export function throttled<A extends unknown[]>(
  everyMs: number,
  fn: (...a: A) => Promise<void>,
  now = () => Date.now(),
): (...a: A) => Promise<void> {
  let last = -Infinity;
  return async (...a: A) => {
    const t = now();
    if (t - last < everyMs) return;
    last = t;
    await fn(...a);
  };
}
