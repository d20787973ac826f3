// A token bucket kept in Redis so every worker process that talks to a venue draws from the same
// budget. The Lua script runs atomically and reads Redis' own clock, so processes with skewed
// clocks still agree on the refill.
import type Redis from 'ioredis';

export interface TokenBucketOptions {
  /** Bucket key suffix, one per venue (e.g. the ccxt exchange id). */
  key: string;
  /** Sustained rate. */
  tokensPerSecond: number;
  /** Burst size: how many tokens may be taken at once after an idle period. */
  capacity: number;
  prefix?: string;
}

export interface RateLimiter {
  acquire(cost?: number): Promise<void>;
}

// Returns 0 when the tokens were taken, else how many ms until they will be available.
const SCRIPT = `
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', key, 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * perMs)
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
else
  wait = math.ceil((cost - tokens) / perMs)
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', key, math.ceil(capacity / perMs) + 1000)
return wait
`;

type BucketCommand = {
  opentradeTokenBucket?(key: string, capacity: number, perMs: number, cost: number): Promise<number>;
};

export class RedisTokenBucket implements RateLimiter {
  private readonly redisKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly opts: TokenBucketOptions,
  ) {
    if (!(opts.tokensPerSecond > 0))
      throw new RangeError(`tokensPerSecond must be positive, got ${opts.tokensPerSecond}`);
    if (!(opts.capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${opts.capacity}`);
    this.redisKey = `${opts.prefix ?? 'opentrade:ratelimit'}:${opts.key}`;
    if (typeof (redis as unknown as BucketCommand).opentradeTokenBucket !== 'function') {
      redis.defineCommand('opentradeTokenBucket', { numberOfKeys: 1, lua: SCRIPT });
    }
  }

  /** Waits until `cost` tokens are available and takes them. */
  async acquire(cost = 1): Promise<void> {
    // A request heavier than the whole bucket could never pass: it takes the full bucket instead.
    const take = Math.min(Math.max(cost, 0), this.opts.capacity);
    if (take === 0) return;
    for (;;) {
      const wait = await (this.redis as unknown as Required<BucketCommand>).opentradeTokenBucket(
        this.redisKey,
        this.opts.capacity,
        this.opts.tokensPerSecond / 1000,
        take,
      );
      if (Number(wait) <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Number(wait)));
    }
  }
}
