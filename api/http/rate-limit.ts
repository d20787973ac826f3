// Per-client token buckets (by remote address): a runaway script or a token-guessing loop gets 429s
// instead of starving the worker's database and Temporal. Writes (starting sessions, backtests,
// signals) have their own, smaller bucket. Limits are per gateway process.
import type { RequestHandler } from 'express';
import { ApiError } from './api-error';

export interface RateLimitOptions {
  /** Sustained requests per second per client, and the burst above it. */
  perSecond: number;
  burst: number;
  writesPerSecond: number;
  writeBurst: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token; answers how many ms until one is available when there is none. */
  take(key: string, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    let b = this.buckets.get(key);
    if (!b) {
      // Forget idle clients so the map cannot grow without bound.
      if (this.buckets.size > 10_000) this.sweep(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) / this.perSecond) * 1000) };
  }

  private sweep(now: number): void {
    const full = (this.burst / this.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (now - b.at > full) this.buckets.delete(k);
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function rateLimit(o: RateLimitOptions): RequestHandler {
  const all = new TokenBuckets(o.perSecond, o.burst);
  const writes = new TokenBuckets(o.writesPerSecond, o.writeBurst);
  const now = o.now ?? Date.now;
  return (req, res, next) => {
    const client = req.socket.remoteAddress ?? 'unknown';
    const t = now();
    const verdict = WRITE_METHODS.has(req.method) ? writes.take(client, t) : all.take(client, t);
    if (verdict.ok) return next();
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    res.setHeader('Retry-After', String(seconds));
    next(
      new ApiError(
        429,
        'rate_limited',
        `too many ${WRITE_METHODS.has(req.method) ? 'write ' : ''}requests from ${client}: retry in ${seconds} s (limits: gateway.rateLimit)`,
      ),
    );
  };
}
