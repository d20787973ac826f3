// The dependencies every activity factory receives: the worker wires real ones, tests wire test ones.
import type Redis from 'ioredis';
import type { OpenTradeConfig } from '../core/config/schema';
import type { ExchangePlugin } from '../core/exchange/types';
import type { PrismaClient } from '../infra/db';
import type { TradingMode } from '../workflows/trading-contract';

/** Hands activities the venue a session trades on, so no activity builds exchanges itself. */
export interface VenueProvider {
  /** paper: a PaperExchange whose account is derived from the sessionId; live: the configured exchange. */
  forSession(ref: { sessionId: string; mode: TradingMode; exchange: string }): Promise<ExchangePlugin>;
  /** The venue's market data (SimExchange for `sim`). */
  marketData(exchange: string): Promise<ExchangePlugin>;
}

export interface ActivityDeps {
  prisma: PrismaClient;
  redis: Redis;
  config: OpenTradeConfig;
  venues: VenueProvider;
  log?: (line: string) => void;
}
