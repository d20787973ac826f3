// The venues a worker's trading activities use. Paper sessions trade a PaperExchange whose account
// id is derived from the session id (so a restarted worker finds the same account), priced by the
// venue's market data; live sessions trade the configured exchange itself.
import { timeframeToMs } from '../../../core/exchange/timeframe';
import type { ExchangePlugin } from '../../../core/exchange/types';
import { ExchangeError } from '../../../core/exchange/types';
import type { PaperConfig } from '../../../core/paper';
import type { SessionVenue, VenueProvider } from '../../../activities/deps';
import type { PrismaClient, Sql } from '../db';
import { parseDatabaseUrl } from '../db/connection-config';
import type Redis from 'ioredis';
import type { ExchangeConfig } from '../../../core/config/schema';
import { ExchangeRegistry } from './exchange-registry';
import { simExchangeFactory } from './sim-factory';
import { PaperExchange } from './paper-exchange';

export interface VenueProviderOptions {
  prisma: PrismaClient;
  /** Market data (and, in live mode, the trading account) of an exchange id / name or `sim`. */
  marketData: (exchange: string) => Promise<ExchangePlugin>;
  /** Paper accounts start with these balances (default 10 000 USDT). */
  paperBalances?: Record<string, number>;
  paperConfig?: Partial<PaperConfig>;
  /** The database URL's `?schema=`, for the paper store's hand-written SQL (Prisma knows it by itself). */
  schema?: string;
  /** Where paper accounts' SQL goes (the worker's pg pool); Prisma's raw queries when absent. */
  sql?: Sql;
}

/** The paper account a session trades on: stable across restarts and readable in the database. */
export function paperAccountId(sessionId: string): string {
  return `session-${sessionId}`.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 100);
}

export class SessionVenueProvider implements VenueProvider {
  private readonly paper = new Map<string, Promise<ExchangePlugin>>();

  constructor(private readonly opts: VenueProviderOptions) {}

  marketData(exchange: string): Promise<ExchangePlugin> {
    return this.opts.marketData(exchange);
  }

  forSession(s: SessionVenue): Promise<ExchangePlugin> {
    if (s.mode === 'live') {
      if (s.exchange === 'sim')
        return Promise.reject(
          new ExchangeError('not_supported', 'sim', 'the sim market has no live accounts: trade it in paper mode'),
        );
      return this.opts.marketData(s.exchange);
    }
    const key = `${s.sessionId}\u0000${s.exchange}`;
    let venue = this.paper.get(key);
    if (!venue) {
      venue = this.createPaper(s);
      venue.catch(() => this.paper.delete(key));
      this.paper.set(key, venue);
    }
    return venue;
  }

  private async createPaper(s: SessionVenue): Promise<ExchangePlugin> {
    const priceSource = await this.opts.marketData(s.exchange);
    // The account is matched candle by candle on the venue's finest timeframe.
    const timeframe = [...priceSource.timeframes()].sort((a, b) => timeframeToMs(a) - timeframeToMs(b))[0] ?? '1m';
    return new PaperExchange({
      prisma: this.opts.prisma,
      sql: this.opts.sql,
      accountId: paperAccountId(s.sessionId),
      priceSource,
      timeframe,
      initialBalances: this.opts.paperBalances,
      config: this.opts.paperConfig,
      schema: this.opts.schema,
    });
  }
}

/** The worker's provider: configured exchanges through the registry (`sim` included). */
export function venueProviderFromRegistry(
  prisma: PrismaClient,
  registry: ExchangeRegistry,
  extra: Omit<VenueProviderOptions, 'prisma' | 'marketData'> = {},
): SessionVenueProvider {
  return new SessionVenueProvider({ prisma, marketData: (exchange) => registry.get(exchange), ...extra });
}

/**
 * The worker's venues from its config: every configured exchange, plus `sim` (the offline market)
 * even when the config does not list it. `close` releases the exchange clients.
 */
export function createWorkerVenues(
  exchanges: readonly ExchangeConfig[],
  prisma: PrismaClient,
  redis: Redis,
  env: NodeJS.ProcessEnv = process.env,
  databaseUrl?: string,
  sql?: Sql,
): { venues: SessionVenueProvider; close: () => Promise<void> } {
  const configs = exchanges.some((e) => e.id === 'sim')
    ? exchanges
    : [...exchanges, { id: 'sim', market: 'spot' as const, sandbox: true, credentials: {} }];
  const registry = new ExchangeRegistry(configs, env, { redis, factories: { sim: (c) => simExchangeFactory(c, env) } });
  const schema = databaseUrl ? parseDatabaseUrl(databaseUrl).schema : undefined;
  return {
    venues: venueProviderFromRegistry(prisma, registry, { ...(schema ? { schema } : {}), ...(sql ? { sql } : {}) }),
    close: () => registry.close(),
  };
}
