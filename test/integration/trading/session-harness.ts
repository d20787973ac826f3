// Real dependencies for session tests: the integration stack's Postgres and Redis, a SimExchange
// with its own fast clock (7 days of history behind "now"), and paper accounts over it.
import { ConfigSchema, type OpenTradeConfig } from '../../../core/config/schema';
import type { ActivityDeps } from '../../../activities/deps';
import { createRedis } from '../../../infra/adapters/redis';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { SimExchange } from '../../../infra/adapters/exchange/sim-exchange';
import { SessionVenueProvider } from '../../../infra/adapters/exchange/venue-provider';
import type { TradingSessionInput } from '../../../workflows/trading-contract';

export const TEST_TOKEN = 't'.repeat(40);

export function simClock(speed: number, now = Date.now()) {
  const simStart = Math.floor((now - 7 * 86_400_000) / 60_000) * 60_000;
  return { wallStart: now - (now - simStart) / speed, simStart, speed };
}

export function testConfig(): OpenTradeConfig {
  return ConfigSchema.parse({ gateway: { token: TEST_TOKEN } });
}

export function sessionDeps(speed: number, seed = 11): ActivityDeps & { sim: SimExchange; close(): Promise<void> } {
  const prisma: PrismaClient = createPrisma(process.env.DATABASE_URL!);
  const redis = createRedis(process.env.REDIS_URL!);
  const sim = new SimExchange({ clock: simClock(speed), seed });
  const venues = new SessionVenueProvider({
    prisma,
    marketData: async (exchange) => {
      if (exchange !== 'sim') throw new Error(`test venues know only sim, not ${exchange}`);
      return sim;
    },
  });
  return {
    prisma,
    redis,
    config: testConfig(),
    venues,
    sim,
    log: () => {},
    async close() {
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}

export function sessionInput(sessionId: string, over: Partial<TradingSessionInput> = {}): TradingSessionInput {
  return {
    sessionId,
    mode: 'paper',
    exchange: 'sim',
    symbols: ['BTC/USDT'],
    timeframe: '1m',
    strategy: { name: 'ema-cross', params: {} },
    riskLimits: testConfig().risk,
    ...over,
  };
}

export const uniqueId = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
