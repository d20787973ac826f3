// The market data service against real PostgreSQL and Redis, with the sim market as the venue.
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { ExchangeError, type ExchangePlugin, type OHLCVRow } from '../../../core/exchange/types';
import { createRedis } from '../../../infra/adapters/redis';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { SimExchange } from '../../../infra/adapters/exchange/sim-exchange';
import {
  backfillGaps,
  exportCandles,
  importCandles,
  listCoverage,
  MarketDataCache,
  readCandles,
  syncCandles,
} from '../../../infra/adapters/market-data';

const MIN = 60_000;
const WALL0 = 1_750_000_000_000;

let prisma: PrismaClient;
let redis: Redis;
beforeAll(() => {
  prisma = createPrisma();
  redis = createRedis();
});
afterAll(async () => {
  await prisma.$disconnect();
  redis.disconnect();
});

/** A sim venue under a unique id, so tests never see each other's rows. */
function venue(wallOffsetMs: number) {
  const wall = { t: WALL0 + wallOffsetMs };
  const simStart = Date.UTC(2026, 1, 1);
  const sim = new SimExchange({ clock: { wallStart: WALL0, simStart, speed: 60 }, seed: 5, now: () => wall.t });
  const id = `sim-${randomUUID().slice(0, 8)}`;
  Object.defineProperty(sim, 'id', { value: id });
  return { wall, sim, simStart, id };
}

/** Wraps a real plugin so chosen fetchOHLCV calls fail first with the given error. */
function failing(inner: ExchangePlugin, failOnCalls: number[], error: () => Error): ExchangePlugin & { calls: number } {
  const wrapper = Object.create(inner) as ExchangePlugin & { calls: number };
  wrapper.calls = 0;
  wrapper.fetchOHLCV = async (...args: Parameters<ExchangePlugin['fetchOHLCV']>) => {
    wrapper.calls += 1;
    if (failOnCalls.includes(wrapper.calls)) throw error();
    return inner.fetchOHLCV(...args);
  };
  return wrapper;
}

describe('syncCandles', () => {
  it('pages through a long range completely, in order, only closed candles, and a re-run changes nothing', async () => {
    const { sim, simStart, id } = venue(2500_500); // 2500.5 sim minutes have passed
    const progress: number[] = [];
    const r = await syncCandles({
      prisma,
      exchange: sim,
      symbol: 'BTC/USDT',
      timeframe: '1m',
      since: simStart,
      pageSize: 1000,
      onProgress: (p) => progress.push(p.candles),
    });
    expect(r.fetched).toBe(2500);
    expect(r.pages).toBeGreaterThanOrEqual(3);
    expect(r.gaps).toEqual([]);
    expect(progress).toEqual([1000, 2000, 2500]);
    const key = { exchange: id, symbol: 'BTC/USDT', timeframe: '1m' };
    const stored = await readCandles(prisma, key);
    expect(stored).toHaveLength(2500);
    expect(stored).toEqual(
      await sim
        .fetchOHLCV('BTC/USDT', '1m', simStart, 1000)
        .then(async (a) => [
          ...a,
          ...(await sim.fetchOHLCV('BTC/USDT', '1m', simStart + 1000 * MIN, 1000)),
          ...(await sim.fetchOHLCV('BTC/USDT', '1m', simStart + 2000 * MIN, 1000)),
        ]),
    );
    await syncCandles({ prisma, exchange: sim, symbol: 'BTC/USDT', timeframe: '1m', since: simStart });
    const [cov] = await listCoverage(prisma, key);
    expect(cov).toMatchObject({ count: 2500, first: simStart, last: simStart + 2499 * MIN, gaps: [] });
  });

  it('reports the range really stored: a request from before the venue’s first candle starts at that candle', async () => {
    const { sim, simStart, id } = venue(120_500); // 120.5 sim minutes have passed
    const r = await syncCandles({
      prisma,
      exchange: sim,
      symbol: 'BTC/USDT',
      timeframe: '1m',
      since: simStart - 3 * 60 * MIN,
    });
    expect(r).toMatchObject({
      since: simStart - 3 * 60 * MIN,
      first: simStart,
      last: simStart + 119 * MIN,
      fetched: 120,
    });
    const [cov] = await listCoverage(prisma, { exchange: id, symbol: 'BTC/USDT', timeframe: '1m' });
    expect(cov).toMatchObject({ first: r.first, last: r.last, count: r.fetched });
    const none = await syncCandles({
      prisma,
      exchange: sim,
      symbol: 'BTC/USDT',
      timeframe: '1m',
      since: simStart - 60 * MIN,
      until: simStart,
    });
    expect(none.fetched).toBe(0);
    expect(none.first).toBeUndefined();
  });

  it('continues incrementally from the newest stored candle, in several timeframes', async () => {
    const { wall, sim, simStart, id } = venue(600_000);
    await syncCandles({ prisma, exchange: sim, symbol: 'ETH/USDT', timeframe: '5m', since: simStart });
    await syncCandles({ prisma, exchange: sim, symbol: 'ETH/USDT', timeframe: '1h', since: simStart });
    wall.t += 60_000; // one more sim hour
    const r = await syncCandles({ prisma, exchange: sim, symbol: 'ETH/USDT', timeframe: '5m' });
    expect(r.since).toBe(simStart + 120 * 5 * MIN);
    expect(r.fetched).toBe(12);
    const cov = await listCoverage(prisma, { exchange: id });
    expect(cov.map((c) => [c.timeframe, c.count])).toEqual([
      ['1h', 10],
      ['5m', 132],
    ]);
  });

  it('retries retryable venue errors and gives up at once on the others', async () => {
    const { sim, simStart, id } = venue(300_000);
    const flaky = failing(sim, [1, 3], () => new ExchangeError('network', id, 'ETIMEDOUT'));
    const r = await syncCandles({
      prisma,
      exchange: flaky,
      symbol: 'BTC/USDT',
      timeframe: '1m',
      since: simStart,
      pageSize: 200,
      retry: { baseDelayMs: 5 },
    });
    expect(r.fetched).toBe(300);
    expect(flaky.calls).toBe(r.pages + 2);
    const broken = failing(sim, [1], () => new ExchangeError('exchange', id, 'bad request'));
    await expect(
      syncCandles({
        prisma,
        exchange: broken,
        symbol: 'BTC/USDT',
        timeframe: '1m',
        since: simStart,
        retry: { baseDelayMs: 5 },
      }),
    ).rejects.toThrow('bad request');
    expect(broken.calls).toBe(1);
  });

  it('rejects an unknown symbol or timeframe listing the valid ones', async () => {
    const { sim } = venue(60_000);
    await expect(syncCandles({ prisma, exchange: sim, symbol: 'XRP/USDT', timeframe: '1m' })).rejects.toThrow(
      /unknown symbol "XRP\/USDT" on sim-\w+; valid symbols: BTC\/USDT, /,
    );
    await expect(syncCandles({ prisma, exchange: sim, symbol: 'BTC/USDT', timeframe: '2m' })).rejects.toThrow(
      /unsupported timeframe "2m".*valid timeframes: 1m, 3m/,
    );
  });

  it('reports gaps in the stored series and backfills them', async () => {
    const { sim, simStart, id } = venue(200_000);
    const key = { exchange: id, symbol: 'BTC/USDT', timeframe: '1m' };
    await syncCandles({ prisma, exchange: sim, symbol: 'BTC/USDT', timeframe: '1m', since: simStart });
    await prisma.candle.deleteMany({
      where: { ...key, time: { gte: new Date(simStart + 50 * MIN), lte: new Date(simStart + 52 * MIN) } },
    });
    await prisma.candle.deleteMany({ where: { ...key, time: new Date(simStart + 150 * MIN) } });
    const [cov] = await listCoverage(prisma, key);
    expect(cov.count).toBe(196);
    expect(cov.gaps).toEqual([
      { from: simStart + 50 * MIN, to: simStart + 52 * MIN, missing: 3 },
      { from: simStart + 150 * MIN, to: simStart + 150 * MIN, missing: 1 },
    ]);
    const b = await backfillGaps({ prisma, exchange: sim, symbol: 'BTC/USDT', timeframe: '1m' });
    expect(b).toEqual({ filled: 4, remaining: [] });
  });
});

describe('import and export', () => {
  const start = Date.UTC(2024, 0, 1);
  const csv = (rows: string[]) => ['timestamp,open,high,low,close,volume', ...rows].join('\n');
  const good = Array.from(
    { length: 5 },
    (_, i) => `${start + i * MIN},${100 + i},${102 + i},${99 + i},${101 + i},${10 + i}`,
  );

  it('a malformed row fails the whole import, naming its line; nothing is written', async () => {
    const key = { exchange: `imp-${randomUUID().slice(0, 8)}`, symbol: 'BTC/USDT', timeframe: '1m' };
    const bad = [...good];
    bad[3] = `${start + 3 * MIN},100,98,99,99,1`; // high < low, file line 5
    await expect(importCandles(prisma, key, csv(bad), 'csv')).rejects.toThrow(/line 5: high 98 is below low 99/);
    const notIncreasing = [...good];
    notIncreasing[2] = `${start},100,101,99,100,1`;
    await expect(importCandles(prisma, key, csv(notIncreasing), 'csv')).rejects.toThrow(/line 4: time .* is not after/);
    await expect(
      importCandles(prisma, key, csv([...good.slice(0, 2), `${start + 2 * MIN},NaN,1,1,1,1`]), 'csv'),
    ).rejects.toThrow(/line 4: open "NaN" is not a finite number/);
    expect(await prisma.candle.count({ where: key })).toBe(0);
  });

  it('imports CSV (ms or ISO time) and exports the same candles as CSV and JSON', async () => {
    const key = { exchange: `imp-${randomUUID().slice(0, 8)}`, symbol: 'ETH/USDT', timeframe: '1m' };
    const iso = good.map((l, i) => (i === 0 ? l.replace(String(start), new Date(start).toISOString()) : l));
    const r = await importCandles(prisma, key, csv(iso), 'csv');
    expect(r).toEqual({ imported: 5, first: start, last: start + 4 * MIN });
    const out = await exportCandles(prisma, key, 'csv');
    expect(out.text).toBe(csv(good) + '\n');
    const json = JSON.parse((await exportCandles(prisma, key, 'json', start + MIN, start + 2 * MIN)).text);
    expect(json).toEqual([
      { time: start + MIN, open: 101, high: 103, low: 100, close: 102, volume: 11 },
      { time: start + 2 * MIN, open: 102, high: 104, low: 101, close: 103, volume: 12 },
    ]);
    // Re-importing is an upsert: corrected values replace, nothing duplicates.
    await importCandles(prisma, key, JSON.stringify([[start, 100, 105, 99, 101, 10]]), 'json');
    const rows: OHLCVRow[] = await readCandles(prisma, key);
    expect(rows).toHaveLength(5);
    expect(rows[0][2]).toBe(105);
  });

  it('rejects candles that do not sit on the timeframe grid', async () => {
    const key = { exchange: `imp-${randomUUID().slice(0, 8)}`, symbol: 'ETH/USDT', timeframe: '1h' };
    await expect(importCandles(prisma, key, csv(good), 'csv')).rejects.toThrow(
      /row 2: time .* is not the open of a 1h candle/,
    );
  });
});

describe('MarketDataCache', () => {
  it('serves a snapshot from Redis within its TTL and refetches after it', async () => {
    const { wall, sim } = venue(120_000);
    const cache = new MarketDataCache(redis, { ticker: 300, orderbook: 300 });
    const first = await cache.ticker(sim, 'BTC/USDT');
    wall.t += 30_000; // half an hour of sim time: the live ticker moved
    expect((await sim.fetchTicker('BTC/USDT')).timestamp).not.toBe(first.timestamp);
    expect(await cache.ticker(sim, 'BTC/USDT')).toEqual(first);
    const ttl = await redis.pttl(cache.key('ticker', sim.id, 'BTC/USDT'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 350));
    expect((await cache.ticker(sim, 'BTC/USDT')).timestamp).toBe(first.timestamp + 30 * MIN);
    const funding = await cache.fundingRate(sim, 'BTC/USDT:USDT');
    expect(await redis.pttl(cache.key('funding', sim.id, 'BTC/USDT:USDT'))).toBeGreaterThan(300); // its own, longer TTL
    expect(funding.symbol).toBe('BTC/USDT:USDT');
  });
});
