// Short-lived market snapshots in Redis, shared by every worker: a burst of agents asking for the
// same order book costs the venue one request. Each kind has its own time to live.
import type Redis from 'ioredis';
import type { ExchangePlugin, FundingRate, OrderBook, Ticker } from '../../../core/exchange/types';

export type SnapshotKind = 'orderbook' | 'ticker' | 'funding';

export const DEFAULT_TTL_MS: Record<SnapshotKind, number> = {
  orderbook: 2_000,
  ticker: 5_000,
  funding: 60_000,
};

export class MarketDataCache {
  private readonly ttl: Record<SnapshotKind, number>;

  constructor(
    private readonly redis: Redis,
    ttlMs: Partial<Record<SnapshotKind, number>> = {},
    private readonly prefix = 'opentrade:md',
  ) {
    this.ttl = { ...DEFAULT_TTL_MS, ...ttlMs };
    for (const [kind, ms] of Object.entries(this.ttl)) {
      if (!Number.isInteger(ms) || ms <= 0)
        throw new RangeError(`cache TTL for ${kind} must be a positive integer of ms, got ${ms}`);
    }
  }

  key(kind: SnapshotKind, exchange: string, symbol: string): string {
    return `${this.prefix}:${exchange}:${kind}:${symbol}`;
  }

  private async cached<T>(kind: SnapshotKind, exchange: string, symbol: string, load: () => Promise<T>): Promise<T> {
    const key = this.key(kind, exchange, symbol);
    const hit = await this.redis.get(key);
    if (hit !== null) return JSON.parse(hit) as T;
    const value = await load();
    await this.redis.set(key, JSON.stringify(value), 'PX', this.ttl[kind]);
    return value;
  }

  orderBook(exchange: ExchangePlugin, symbol: string, limit?: number): Promise<OrderBook> {
    return this.cached('orderbook', exchange.id, limit ? `${symbol}#${limit}` : symbol, () =>
      exchange.fetchOrderBook(symbol, limit),
    );
  }

  ticker(exchange: ExchangePlugin, symbol: string): Promise<Ticker> {
    return this.cached('ticker', exchange.id, symbol, () => exchange.fetchTicker(symbol));
  }

  fundingRate(exchange: ExchangePlugin, symbol: string): Promise<FundingRate> {
    return this.cached('funding', exchange.id, symbol, () => exchange.fetchFundingRate(symbol));
  }
}
