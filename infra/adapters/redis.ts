import Redis, { type RedisOptions } from 'ioredis';
import { ValidationError } from '../../core/errors';

/** An ioredis client for REDIS_URL. Commands fail fast instead of queueing forever while Redis is down. */
export function createRedis(url = process.env.REDIS_URL, options: RedisOptions = {}): Redis {
  if (!url)
    throw new ValidationError('REDIS_URL is not set', {
      hint: 'start the stack with `opentrade up` or set REDIS_URL=redis://host:6379',
    });
  return new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false, ...options });
}
