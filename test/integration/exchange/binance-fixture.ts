// Starts the local Binance server and builds a real BinanceExchange (real ccxt over HTTP) against it.
import { BinanceExchange, type BinanceExchangeOptions } from '../../../infra/adapters/exchange/binance-exchange';
import { BinanceServer, binanceUrls, type BinanceServerOptions } from '../../fixtures/binance-server/server';

export async function startBinance(opts: BinanceServerOptions = {}): Promise<BinanceServer> {
  const server = new BinanceServer(opts);
  await server.start();
  return server;
}

export function binanceAgainst(
  server: BinanceServer,
  opts: Partial<BinanceExchangeOptions> & { marketType: 'spot' | 'swap' },
): BinanceExchange {
  return new BinanceExchange({
    credentials: { apiKey: server.apiKey, secret: server.secret },
    apiUrls: binanceUrls(server.url),
    // Slack for a loaded machine (a local answer took over 1 s while the whole suite ran); the fault
    // tests that delay answers past the timeout set their own short one.
    timeoutMs: 5000,
    retryDelayMs: 20,
    ...opts,
  });
}

/** Runs fn and returns what it threw (fails the test if it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<Error & { kind?: string; retryable?: boolean }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { kind?: string };
  }
  throw new Error('expected the call to throw, it resolved');
}
