// A worker process for the shared-limit test: hammers the venue through a BinanceExchange whose
// requests pass the Redis token bucket, and prints how many requests it sent.
import Redis from 'ioredis';
import { BinanceExchange } from '../../../infra/adapters/exchange/binance-exchange';
import { RedisTokenBucket } from '../../../infra/adapters/exchange/redis-token-bucket';
import { binanceUrls } from '../../fixtures/binance-server/server';

async function main(): Promise<void> {
  const { SERVER_URL, REDIS_URL, BUCKET_KEY, RATE, CAPACITY, START_AT, DURATION_MS } = process.env;
  const redis = new Redis(REDIS_URL!);
  const limiter = new RedisTokenBucket(redis, {
    key: BUCKET_KEY!,
    tokensPerSecond: Number(RATE),
    capacity: Number(CAPACITY),
  });
  const ex = new BinanceExchange({ marketType: 'spot', apiUrls: binanceUrls(SERVER_URL!), limiter, timeoutMs: 5000 });
  await new Promise((r) => setTimeout(r, Math.max(0, Number(START_AT) - Date.now())));
  const end = Number(START_AT) + Number(DURATION_MS);
  let sent = 0;
  // Several concurrent callers per process, as a worker running several activities would have.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < end) {
        await ex.fetchTime();
        sent++;
      }
    }),
  );
  process.stdout.write(`SENT ${sent}\n`);
  redis.disconnect();
}

main().catch((e) => {
  process.stderr.write(`limiter worker failed: ${(e as Error).message}\n`);
  process.exit(1);
});
