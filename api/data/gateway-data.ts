// What the data routes need: the database, Temporal, the exchanges (to validate a session's
// symbols and sync backtest candles). The gateway process wires the real ones (createGatewayData);
// tests wire the same against the throw-away stack.
import type { Client } from '@temporalio/client';
import type { ExchangePlugin } from '../../core/exchange/types';
import type { Sql } from '../../infra/adapters/db/sql';
import type { PrismaClient } from '../../infra/adapters/db';

export interface GatewayData {
  prisma: PrismaClient;
  sql: Sql;
  /** Connects on first use: the gateway starts (and serves the database routes) while Temporal is down. */
  temporal(): Promise<Client>;
  namespace: string;
  temporalUiUrl?: string;
  /** A configured exchange by id/name, or `sim`. */
  venue(exchange: string): Promise<ExchangePlugin>;
  /** Task queues, overridable for tests that run their own worker. */
  taskQueues?: { trading?: string; backtest?: string; evolution?: string };
  close(): Promise<void>;
}
