// Builds the ExchangePlugin for one configured exchange. Credentials are read from the environment
// variables the config names; the shared Redis bucket is attached when a Redis client is given.
import type Redis from 'ioredis';
import type { ExchangeConfig } from '../../../core/config/schema';
import type { ExchangePlugin } from '../../../core/exchange/types';
import { BinanceExchange } from './binance-exchange';
import { CcxtExchange, unknownExchangeError, type CcxtExchangeOptions } from './ccxt-exchange';
import { readCredentials } from './credentials';
import { HyperliquidExchange } from './hyperliquid-exchange';
import { RedisTokenBucket } from './redis-token-bucket';
import ccxt from 'ccxt';

export type ExchangeFactory = (
  config: ExchangeConfig,
  env: NodeJS.ProcessEnv,
) => ExchangePlugin | Promise<ExchangePlugin>;

export interface CreateExchangeDeps {
  redis?: Redis;
  /** Bucket size for the shared limiter; defaults to ccxt's own rate for the venue, 1 s of burst. */
  rateLimit?: { tokensPerSecond?: number; capacity?: number; keyPrefix?: string };
  /** Non-ccxt venues (sim, paper) registered by their owners. */
  factories?: Record<string, ExchangeFactory>;
  /** Overrides of ccxt's API URLs (tests, proxies). */
  apiUrls?: Record<string, string>;
  timeoutMs?: number;
  ccxtOptions?: Record<string, unknown>;
}

export async function createExchange(
  config: ExchangeConfig,
  env: NodeJS.ProcessEnv,
  deps: CreateExchangeDeps = {},
): Promise<ExchangePlugin> {
  const factory = deps.factories?.[config.id];
  if (factory) return factory(config, env);
  if (!ccxt.exchanges.includes(config.id)) {
    const known = Object.keys(deps.factories ?? {});
    const err = unknownExchangeError(config.id);
    if (known.length) err.message += ` (also available here: ${known.join(', ')})`;
    throw err;
  }
  const credentials = readCredentials(config, env);
  const tokensPerSecond = deps.rateLimit?.tokensPerSecond ?? CcxtExchange.defaultTokensPerSecond(config.id);
  const limiter = deps.redis
    ? new RedisTokenBucket(deps.redis, {
        key: config.id,
        tokensPerSecond,
        capacity: deps.rateLimit?.capacity ?? Math.max(1, tokensPerSecond),
        prefix: deps.rateLimit?.keyPrefix,
      })
    : undefined;
  const opts: CcxtExchangeOptions = {
    id: config.id,
    marketType: config.market,
    sandbox: config.sandbox,
    credentials,
    limiter,
    apiUrls: deps.apiUrls,
    timeoutMs: deps.timeoutMs,
    ccxtOptions: deps.ccxtOptions,
  };
  if (config.id === 'binance' || config.id === 'binanceusdm') return new BinanceExchange({ ...opts, id: config.id });
  if (config.id === 'hyperliquid') return new HyperliquidExchange(opts);
  return new CcxtExchange(opts);
}
