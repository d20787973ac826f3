// Binance error payloads and transport faults → ExchangeError kinds; only retryable errors are
// retried; an order whose create failed in transit is never placed twice.
import { BinanceExchange } from '../../../infra/adapters/exchange/binance-exchange';
import { withRetry } from '../../../infra/adapters/exchange/retry';
import { binanceUrls, type BinanceServer } from '../../fixtures/binance-server/server';
import { binanceAgainst, startBinance, thrown } from './binance-fixture';

const ORDER = '/api/v3/order';
let server: BinanceServer;
let spot: BinanceExchange;

beforeAll(async () => {
  server = await startBinance({ spotBalances: { USDT: 1000, BTC: 0 } });
  // Short: the fault cases below delay answers past it (1.5 s, 2 s).
  spot = binanceAgainst(server, { marketType: 'spot', timeoutMs: 1000 });
  await spot.loadMarkets();
});
afterEach(() => server.faults.clear());
afterAll(async () => {
  await spot.close();
  await server.close();
});

const TICKER = '/api/v3/ticker/24hr';

describe('error mapping', () => {
  it.each([
    [
      '-1003 with HTTP 429',
      {
        status: 429,
        body: { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE.' },
      },
      'network',
      /429/,
    ],
    [
      '-1003 with HTTP 418 (IP ban)',
      { status: 418, body: { code: -1003, msg: 'Way too much request weight used; IP banned until 1795701300000.' } },
      'network',
      /418/,
    ],
    [
      'HTTP 503 -1008 server busy',
      {
        status: 503,
        body: {
          code: -1008,
          msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.',
        },
      },
      'network',
      /overloaded/,
    ],
    ['HTTP 503 without a body', { status: 503, body: '' }, 'network', /503/],
    ['HTTP 500', { status: 500, body: {} }, 'network', /500/],
    ['a response slower than the timeout', { delayMs: 1500 }, 'network', /timed out|RequestTimeout/],
  ])('%s → %s (retryable)', async (_name, fault, kind, text) => {
    server.injectFault({ method: 'GET', path: TICKER, times: 1, ...fault });
    const err = await thrown(() => spot.fetchTicker('BTC/USDT'));
    expect(err.kind).toBe(kind);
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(text);
  });

  it('-2010 insufficient balance → insufficient_funds, venue message kept', async () => {
    const err = await thrown(() =>
      spot.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 1, clientOrderId: 'poor-1' }),
    );
    expect(err).toMatchObject({ kind: 'insufficient_funds', retryable: false });
    expect(err.message).toContain('Account has insufficient balance for requested action.');
  });

  it('-1013 filter failure from the venue → invalid_order', async () => {
    server.injectFault({
      method: 'POST',
      path: ORDER,
      times: 1,
      status: 400,
      body: { code: -1013, msg: 'Filter failure: LOT_SIZE' },
    });
    const err = await thrown(() =>
      spot.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.001, clientOrderId: 'lot-1' }),
    );
    expect(err).toMatchObject({ kind: 'invalid_order', retryable: false });
    expect(err.message).toContain('Filter failure: LOT_SIZE');
  });

  it('-1121 invalid symbol → bad_symbol; unknown order → order_not_found', async () => {
    server.injectFault({
      method: 'GET',
      path: ORDER,
      times: 1,
      status: 400,
      body: { code: -1121, msg: 'Invalid symbol.' },
    });
    expect((await thrown(() => spot.fetchOrder('1', 'BTC/USDT'))).kind).toBe('bad_symbol');
    expect((await thrown(() => spot.fetchOrder('987654', 'BTC/USDT'))).kind).toBe('order_not_found');
    expect((await thrown(() => spot.cancelOrder('987654', 'BTC/USDT'))).kind).toBe('order_not_found');
  });

  it('a wrong secret fails the HMAC check → authentication, and the secret never appears', async () => {
    const wrong = new BinanceExchange({
      marketType: 'spot',
      credentials: { apiKey: server.apiKey, secret: 'wrong-secret-value-1234' },
      apiUrls: binanceUrls(server.url),
      timeoutMs: 1000,
    });
    const err = await thrown(() => wrong.fetchBalance());
    expect(err).toMatchObject({ kind: 'authentication', retryable: false });
    expect(err.message).toContain('Signature for this request is not valid.');
    expect(err.message).not.toContain('wrong-secret-value-1234');
    const badKey = new BinanceExchange({
      marketType: 'spot',
      credentials: { apiKey: 'unknown-key-999', secret: server.secret },
      apiUrls: binanceUrls(server.url),
      timeoutMs: 1000,
    });
    expect((await thrown(() => badKey.fetchBalance())).kind).toBe('authentication');
  });

  it('a request outside recvWindow gets -1021 (clock drift): retryable, and the retry succeeds after a clock resync', async () => {
    const drifted = binanceAgainst(server, { marketType: 'spot', timeoutMs: 1000 });
    server.clockOffsetMs = -60_000; // the venue's clock is a minute behind ours: our timestamps look early
    try {
      const err = await thrown(() => drifted.fetchBalance());
      expect(err.retryable).toBe(true);
      expect(err.message).toContain('outside of the recvWindow');
      const balance = await drifted.fetchBalance(); // signed with the venue's time now
      expect(balance.USDT).toBeDefined();
    } finally {
      server.clockOffsetMs = 0;
    }
  });
});

describe('retry policy', () => {
  it('retries a retryable failure and succeeds', async () => {
    server.injectFault({ method: 'GET', path: TICKER, times: 2, status: 503, body: {} });
    const before = server.requestsTo('GET', TICKER).length;
    const t = await withRetry(() => spot.fetchTicker('BTC/USDT'), { attempts: 3, baseDelayMs: 10 });
    expect(t.last).toBe(30000);
    expect(server.requestsTo('GET', TICKER).length - before).toBe(3);
  });

  it('does not retry a non-retryable failure', async () => {
    server.injectFault({
      method: 'GET',
      path: TICKER,
      times: 3,
      status: 400,
      body: { code: -1121, msg: 'Invalid symbol.' },
    });
    const before = server.requestsTo('GET', TICKER).length;
    const err = await thrown(() => withRetry(() => spot.fetchTicker('BTC/USDT'), { attempts: 3, baseDelayMs: 10 }));
    expect(err.kind).toBe('bad_symbol');
    expect(server.requestsTo('GET', TICKER).length - before).toBe(1);
  });

  it('gives up after the attempts when the venue keeps failing', async () => {
    server.injectFault({
      method: 'GET',
      path: TICKER,
      times: 5,
      status: 429,
      body: { code: -1003, msg: 'Too much request weight used' },
    });
    const before = server.requestsTo('GET', TICKER).length;
    const err = await thrown(() => withRetry(() => spot.fetchTicker('BTC/USDT'), { attempts: 3, baseDelayMs: 10 }));
    expect(err.kind).toBe('network');
    expect(server.requestsTo('GET', TICKER).length - before).toBe(3);
  });
});

describe('an order is placed at most once', () => {
  const creates = () => server.requestsTo('POST', ORDER).length;

  it('response lost after the venue placed it (slower than the timeout): found by clientOrderId, not re-sent', async () => {
    server.injectFault({ method: 'POST', path: ORDER, times: 1, delayMs: 2000, afterHandling: true });
    const before = creates();
    const o = await spot.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.001,
      clientOrderId: 'slow-1',
    });
    expect(o).toMatchObject({ clientOrderId: 'slow-1', status: 'closed', filled: 0.001 });
    expect(server.ordersWithClientId('slow-1')).toHaveLength(1);
    expect(creates() - before).toBe(1);
  });

  it('HTTP 503 after the venue placed it: found by clientOrderId, not re-sent', async () => {
    server.injectFault({
      method: 'POST',
      path: ORDER,
      times: 1,
      status: 503,
      body: { code: -1006, msg: 'Unexpected response. Execution status unknown.' },
      afterHandling: true,
    });
    const o = await spot.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.001,
      clientOrderId: 'lost-503',
    });
    expect(o.clientOrderId).toBe('lost-503');
    expect(server.ordersWithClientId('lost-503')).toHaveLength(1);
  });

  it('HTTP 503 twice before reaching the matching engine: retried, placed once', async () => {
    server.injectFault({ method: 'POST', path: ORDER, times: 2, status: 503, body: {} });
    const before = creates();
    const o = await spot.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.001,
      clientOrderId: 'retry-503',
    });
    expect(o.status).toBe('closed');
    expect(creates() - before).toBe(3);
    expect(server.ordersWithClientId('retry-503')).toHaveLength(1);
  });

  it('a retried activity (createOrder again after success) returns the first order and sends nothing', async () => {
    const first = await spot.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.001,
      clientOrderId: 'activity-retry',
    });
    const before = creates();
    const again = await spot.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.001,
      clientOrderId: 'activity-retry',
    });
    expect(again.id).toBe(first.id);
    expect(creates() - before).toBe(0);
    expect(server.ordersWithClientId('activity-retry')).toHaveLength(1);
  });

  it('without the look-up, the venue would accept the reused id of a filled order (why the look-up exists)', async () => {
    const blind = binanceAgainst(server, { marketType: 'spot', lookupBeforeCreate: false, timeoutMs: 1000 });
    await blind.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.001,
      clientOrderId: 'blind-1',
    });
    await blind.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.001,
      clientOrderId: 'blind-1',
    });
    expect(server.ordersWithClientId('blind-1')).toHaveLength(2);
  });

  it('a non-retryable rejection is not retried', async () => {
    const before = creates();
    const err = await thrown(() =>
      spot.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.5, clientOrderId: 'poor-2' }),
    );
    expect(err.kind).toBe('insufficient_funds');
    expect(creates() - before).toBe(1);
    expect(server.ordersWithClientId('poor-2')).toHaveLength(0);
  });

  it('a duplicate clientOrderId rejection resolves to the order already resting', async () => {
    const first = await spot.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      price: 20000,
      amount: 0.001,
      clientOrderId: 'dup-1',
    });
    // A second create under the same id is normally not even sent (createOrder looks the id up
    // first); switch that off to exercise the venue's own duplicate rejection.
    const other = binanceAgainst(server, { marketType: 'spot', lookupBeforeCreate: false, timeoutMs: 1000 });
    const again = await other.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      price: 20000,
      amount: 0.001,
      clientOrderId: 'dup-1',
    });
    expect(again.id).toBe(first.id);
    expect(server.ordersWithClientId('dup-1')).toHaveLength(1);
    const last = server.requestsTo('POST', ORDER).at(-1)!;
    expect(last.params.newClientOrderId).toBe('dup-1'); // the venue did see (and reject) the second create
  });
});
