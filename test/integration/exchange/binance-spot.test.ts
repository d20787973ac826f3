// Real ccxt binance client over HTTP against the local Binance server: market data, pagination,
// precision, bad input, spot orders and balances.
import type { BinanceExchange } from '../../../infra/adapters/exchange/binance-exchange';
import { candleAt } from '../../fixtures/binance-server/klines';
import type { BinanceServer } from '../../fixtures/binance-server/server';
import { binanceAgainst, startBinance, thrown } from './binance-fixture';

const MIN = 60_000;
let server: BinanceServer;
let spot: BinanceExchange;

beforeAll(async () => {
  server = await startBinance();
  spot = binanceAgainst(server, { marketType: 'spot' });
});
afterAll(async () => {
  await spot.close();
  await server.close();
});

describe('market data', () => {
  it('loads spot markets with precision and limits from the exchangeInfo filters', async () => {
    const btc = await spot.market('BTC/USDT');
    expect(btc).toMatchObject({
      id: 'BTCUSDT',
      base: 'BTC',
      quote: 'USDT',
      type: 'spot',
      precision: { amount: 0.00001, price: 0.01 },
    });
    expect(btc.limits.amount.min).toBe(0.00001);
    expect(btc.limits.cost.min).toBe(5);
    expect(Object.keys(await spot.loadMarkets()).sort()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  });

  it('paginates fetchOHLCV across several 1000-row pages: complete, ordered, equal to the venue data', async () => {
    const since = Math.floor((Date.now() - 3 * 86_400_000) / MIN) * MIN;
    const before = server.requestsTo('GET', '/api/v3/klines').length;
    const rows = await spot.fetchOHLCV('BTC/USDT', '1m', since, 2500);
    const pages = server.requestsTo('GET', '/api/v3/klines').slice(before);
    expect(rows).toHaveLength(2500);
    expect(pages.length).toBeGreaterThanOrEqual(3); // the venue caps pages at 1000 rows
    pages.forEach((p) => expect(Number(p.params.limit)).toBeLessThanOrEqual(1000));
    rows.forEach((r, i) => expect(r[0]).toBe(since + i * MIN)); // no gap, no duplicate, ascending
    const expected = candleAt(30000, rows[1234][0], MIN);
    expect(rows[1234]).toEqual(expected.map(Number));
  });

  it('fetchOHLCVRange stops before `until`', async () => {
    const since = Math.floor((Date.now() - 86_400_000) / (5 * MIN)) * 5 * MIN;
    const until = since + 1200 * 5 * MIN > Date.now() ? since + 200 * 5 * MIN : since + 1200 * 5 * MIN;
    const rows = await spot.fetchOHLCVRange('ETH/USDT', '5m', since, until);
    expect(rows.length).toBe((until - since) / (5 * MIN));
    expect(rows.at(-1)![0]).toBe(until - 5 * MIN);
  });

  it('fetches ticker, order book and server time', async () => {
    const t = await spot.fetchTicker('BTC/USDT');
    expect(t).toMatchObject({ symbol: 'BTC/USDT', bid: 29999.99, ask: 30000.01, last: 30000 });
    const book = await spot.fetchOrderBook('BTC/USDT', 5);
    expect(book.bids[0][0]).toBeLessThan(book.asks[0][0]);
    expect(book.asks).toHaveLength(5);
    server.clockOffsetMs = 12_345;
    expect(Math.abs((await spot.fetchTime()) - (Date.now() + 12_345))).toBeLessThan(1000);
    server.clockOffsetMs = 0;
  });
});

describe('bad input', () => {
  it('unknown symbol lists valid symbols', async () => {
    const err = await thrown(() => spot.fetchTicker('DOGE/USDT'));
    expect(err.kind).toBe('bad_symbol');
    expect(err.message).toMatch(
      /unknown symbol "DOGE\/USDT" on binance spot; valid symbols include BTC\/USDT, ETH\/USDT, SOL\/USDT \(3 in total\)/,
    );
  });

  it('unsupported timeframe lists the valid ones', async () => {
    const err = await thrown(() => spot.fetchOHLCV('BTC/USDT', '7m'));
    expect(err.kind).toBe('not_supported');
    expect(err.message).toMatch(/unsupported timeframe "7m".*1m, 3m, 5m/);
  });

  it('amount and notional below the minimum are rejected before reaching the venue', async () => {
    const creates = () => server.requestsTo('POST', '/api/v3/order').length;
    const before = creates();
    const tiny = await thrown(() =>
      spot.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.000001, clientOrderId: 'tiny-1' }),
    );
    expect(tiny.kind).toBe('invalid_order');
    expect(tiny.message).toMatch(/amount 0.000001 is below the amount step 0.00001 and the minimum amount 0.00001 BTC/);
    const small = await thrown(() =>
      spot.createOrder({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'limit',
        price: 30000,
        amount: 0.0001,
        clientOrderId: 'small-1',
      }),
    );
    expect(small.kind).toBe('invalid_order');
    expect(small.message).toMatch(
      /notional 3 USDT \(amount 0.0001 × price 30000\) is below the minimum notional 5 USDT/,
    );
    expect(creates()).toBe(before);
  });
});

describe('orders', () => {
  it('rounds amount (down) and price (to tick) before sending', async () => {
    expect(await spot.amountToPrecision('BTC/USDT', 0.0123456789)).toBe(0.01234);
    expect(await spot.priceToPrecision('BTC/USDT', 20000.0049)).toBe(20000);
    const o = await spot.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      price: 20000.0061,
      amount: 0.0123456789,
      clientOrderId: 'round-1',
    });
    const sent = server.requestsTo('POST', '/api/v3/order').at(-1)!.params;
    expect(sent).toMatchObject({ quantity: '0.01234', price: '20000.01', newClientOrderId: 'round-1', type: 'LIMIT' });
    expect(o).toMatchObject({ status: 'open', price: 20000.01, amount: 0.01234, clientOrderId: 'round-1' });
    const open = await spot.fetchOpenOrders('BTC/USDT');
    expect(open.map((x) => x.id)).toContain(o.id);
    const canceled = await spot.cancelOrder(o.id, 'BTC/USDT');
    expect(canceled.status).toBe('canceled');
  });

  it('fills a market buy at the ask, charges the fee and moves balances', async () => {
    const before = await spot.fetchBalance();
    const o = await spot.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.01,
      clientOrderId: 'mkt-1',
    });
    expect(o).toMatchObject({ status: 'closed', filled: 0.01, average: 30000.01, clientOrderId: 'mkt-1' });
    expect(o.fee.cost).toBeCloseTo(0.01 * 30000.01 * 0.001, 8);
    const after = await spot.fetchBalance();
    expect(after.BTC.free - before.BTC.free).toBeCloseTo(0.01, 10);
    expect(before.USDT.free - after.USDT.free).toBeCloseTo(0.01 * 30000.01 * 1.001, 6);
    const found = await spot.fetchOrderByClientId('mkt-1', 'BTC/USDT');
    expect(found).toMatchObject({ id: o.id, status: 'closed', clientOrderId: 'mkt-1' });
    expect(await spot.fetchOrderByClientId('never-placed', 'BTC/USDT')).toBeUndefined();
  });

  it('hashes a long workflow-derived clientOrderId to Binance’s 36 characters, and finds it again', async () => {
    const ours = 'cycle-session-0f3a9c1e-4a1b-4c2d-9e8f-1234567890ab-1795701300000';
    const o = await spot.createOrder({
      symbol: 'ETH/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.01,
      clientOrderId: ours,
    });
    const sent = server.requestsTo('POST', '/api/v3/order').at(-1)!.params.newClientOrderId;
    expect(sent).toHaveLength(36);
    expect(o.clientOrderId).toBe(ours);
    expect((await spot.fetchOrderByClientId(ours, 'ETH/USDT'))?.id).toBe(o.id);
  });
});
