// What every trading activity is built from. The worker wires real clients and venues; tests wire
// the same kinds of objects pointed at their own services (and may wrap the venues to inject faults).
import type Redis from 'ioredis';
import type { OpenTradeConfig } from '../core/config/schema';
import type { ExchangePlugin } from '../core/exchange/types';
import type { LlmPort } from '../core/llm/llm-call';
import type { PrismaClient, Sql } from '../infra/adapters/db';
import type { NotificationPublisher } from '../infra/services/notify/notification-publisher';
import type { TradingMode } from '../workflows/trading-contract';

export interface SessionVenue {
  sessionId: string;
  mode: TradingMode;
  /** A configured exchange id / name, or `sim`. */
  exchange: string;
}

/**
 * Where a session trades. `forSession` gives the account the session's orders go to (paper mode: a
 * PaperExchange whose account is derived from the session id, over the venue's market data; live:
 * the configured exchange); `marketData` gives the venue's prices and clock.
 */
export interface VenueProvider {
  forSession(session: SessionVenue): Promise<ExchangePlugin>;
  marketData(exchange: string): Promise<ExchangePlugin>;
}

export interface ActivityDeps {
  prisma: PrismaClient;
  redis: Redis;
  config: OpenTradeConfig;
  venues: VenueProvider;
  /** The URL prisma was built from: its `?schema=` qualifies the repositories' SQL; backtest series go through pg directly. */
  databaseUrl?: string;
  /** The repositories' hand-written SQL (a pg pool in the worker); Prisma's raw queries when absent. */
  sql?: Sql;
  /** The process's one LLM client (the agents in llm or hybrid mode); absent: no model calls can be made. */
  llm?: LlmPort;
  /** Where provider keys (FRED's) are read from; the worker's process.env when absent. */
  env?: Record<string, string | undefined>;
  /** Starts the durable delivery of notifications (the worker's, on its Temporal client); absent: log channels only. */
  notifier?: NotificationPublisher;
  /** One line per notable event (the `log` notification channel); defaults to stdout. */
  log?: (line: string) => void;
}
