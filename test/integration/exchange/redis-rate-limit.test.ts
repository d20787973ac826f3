// The Redis token bucket holds a venue's limit across processes: two worker processes hammer the
// local Binance server through it, and the server counts what arrives per window.
import { spawn } from 'node:child_process';
import path from 'node:path';
import ccxt from 'ccxt';
import Redis from 'ioredis';
import { ExchangeRegistry } from '../../../infra/adapters/exchange/exchange-registry';
import { RedisTokenBucket } from '../../../infra/adapters/exchange/redis-token-bucket';
import { binanceUrls, type BinanceServer } from '../../fixtures/binance-server/server';
import { startBinance } from './binance-fixture';

const ROOT = path.resolve(__dirname, '../../..');
// Bucket units are ccxt's request costs (endpoint weights): GET /api/v3/time costs 0.2 in ccxt's
// binance definition, so these numbers allow 10 requests/s with a burst of 5 requests.
const TIME_COST = (new ccxt.binance() as unknown as { api: { public: { get: { time: { cost: number } } } } }).api.public
  .get.time.cost;
const RATE = 10 * TIME_COST; // tokens per second, shared by everyone
const CAPACITY = 5 * TIME_COST; // burst
const DURATION_MS = 3000;

function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: the integration globalSetup starts Redis and sets it');
  return url;
}

function runWorker(env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(__dirname, 'limiter-worker.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const m = /SENT (\d+)/.exec(out);
      if (code === 0 && m) resolve(Number(m[1]));
      else reject(new Error(`worker exited ${code}: ${err || out}`));
    });
  });
}

let server: BinanceServer;
let redis: Redis;

beforeAll(async () => {
  server = await startBinance();
  redis = new Redis(redisUrl());
});
afterAll(async () => {
  redis.disconnect();
  await server.close();
});

it('takes tokens at the configured rate in one process', async () => {
  const bucket = new RedisTokenBucket(redis, { key: `unit-${Date.now()}`, tokensPerSecond: 20, capacity: 2 });
  const t0 = Date.now();
  for (let i = 0; i < 12; i++) await bucket.acquire();
  // 2 from the burst, then 10 more at 20/s ≈ 500 ms
  expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
  expect(Date.now() - t0).toBeLessThan(2000);
});

it('holds the limit across two worker processes', async () => {
  const key = `binance-shared-${Date.now()}`;
  const startAt = Date.now() + 4000; // both processes are loaded (tsx + ccxt ≈ 1-2 s) before the race starts
  const env = {
    SERVER_URL: server.url,
    REDIS_URL: redisUrl(),
    BUCKET_KEY: key,
    RATE: String(RATE),
    CAPACITY: String(CAPACITY),
    START_AT: String(startAt),
    DURATION_MS: String(DURATION_MS),
  };
  const [a, b] = await Promise.all([runWorker(env), runWorker(env)]);
  const times = server
    .requestsTo('GET', '/api/v3/time')
    .map((r) => r.at)
    .sort((x, y) => x - y);
  expect(times.length).toBe(a + b);
  // Both processes took part (neither was starved), and together they used the budget.
  expect(a).toBeGreaterThan(5);
  expect(b).toBeGreaterThan(5);
  // Callers already waiting at the deadline still finish, so the budget is taken over the span the
  // server actually saw: burst + rate × span (≈ 35 requests; two unshared buckets would allow twice).
  const spanMs = times[times.length - 1] - times[0];
  const budget = (CAPACITY + (RATE * spanMs) / 1000) / TIME_COST;
  // Slack for grant time (Redis clock) vs arrival time (HTTP latency on a loaded machine); a
  // per-process limiter would exceed the budget by about 2×, far beyond it.
  expect(a + b).toBeLessThanOrEqual(budget * 1.15 + 2);
  // ...and the limiter did not starve them: most of the budget was used.
  expect(a + b).toBeGreaterThanOrEqual(((RATE * spanMs) / 1000 / TIME_COST) * 0.7);
  // No 1-second window at the server saw more than burst + one second of refill.
  let worst = 0;
  for (let i = 0; i < times.length; i++) {
    let j = i;
    while (j < times.length && times[j] < times[i] + 1000) j++;
    worst = Math.max(worst, j - i);
  }
  expect(worst).toBeLessThanOrEqual(((CAPACITY + RATE) / TIME_COST) * 1.15 + 1);
});

it('createExchange attaches the shared bucket, keyed by exchange id, with credentials from the env', async () => {
  const prefix = `opentrade-test-${Date.now()}`;
  const registry = new ExchangeRegistry(
    [
      {
        id: 'binance',
        name: 'main',
        market: 'spot',
        sandbox: false,
        credentials: { apiKey: 'T_BN_KEY', secret: 'T_BN_SECRET' },
      },
    ],
    { T_BN_KEY: server.apiKey, T_BN_SECRET: server.secret },
    {
      redis,
      apiUrls: binanceUrls(server.url),
      rateLimit: { tokensPerSecond: 1000, capacity: 1000, keyPrefix: prefix },
    },
  );
  const ex = await registry.get('main');
  expect(await registry.get('main')).toBe(ex);
  const balance = await ex.fetchBalance(); // signed request: the env credentials reached ccxt
  expect(balance.USDT.total).toBeGreaterThan(0);
  const tokens = Number(await redis.hget(`${prefix}:binance`, 'tokens'));
  expect(tokens).toBeLessThan(1000); // the request drew from the shared bucket
  await expect(registry.get('kraken')).rejects.toThrow(
    /exchange "kraken" is not configured; configured exchanges: main/,
  );
  await registry.close();
});
