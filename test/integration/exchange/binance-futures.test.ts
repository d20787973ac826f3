// USDⓈ-M futures through the real ccxt client: leverage, margin mode, reduceOnly, funding,
// positions, STOP_MARKET / TAKE_PROFIT_MARKET protection orders, margin and notional errors.
import type { BinanceExchange } from '../../../infra/adapters/exchange/binance-exchange';
import type { BinanceServer } from '../../fixtures/binance-server/server';
import { binanceAgainst, startBinance, thrown } from './binance-fixture';

const BTC = 'BTC/USDT:USDT';
let server: BinanceServer;
let fut: BinanceExchange;

beforeAll(async () => {
  server = await startBinance({ futuresUsdt: 1000 });
  fut = binanceAgainst(server, { marketType: 'swap' });
});
afterAll(async () => {
  await fut.close();
  await server.close();
});

it('lists perpetuals only, with futures filters', async () => {
  expect(Object.keys(await fut.loadMarkets()).sort()).toEqual(['BTC/USDT:USDT', 'ETH/USDT:USDT']);
  expect(await fut.market(BTC)).toMatchObject({
    type: 'swap',
    settle: 'USDT',
    precision: { amount: 0.001, price: 0.1 },
    limits: { cost: { min: 100 } },
  });
  const err = await thrown(() => fut.market('BTC/USDT'));
  expect(err.message).toMatch(/perpetual symbols carry their settle currency, e\.g\. BTC\/USDT:USDT/);
});

it('reads the funding rate from premiumIndex', async () => {
  const f = await fut.fetchFundingRate(BTC);
  expect(f).toMatchObject({ symbol: BTC, fundingRate: 0.0001, markPrice: 30000 });
  expect(f.nextFundingTime! % 28_800_000).toBe(0);
});

it('sets leverage and margin mode (idempotently)', async () => {
  await fut.setLeverage(BTC, 5);
  expect(server.state.leverage.get('BTCUSDT')).toBe(5);
  await fut.setMarginMode(BTC, 'isolated');
  await fut.setMarginMode(BTC, 'isolated'); // venue answers -4046 "No need to change": not an error
  expect(server.state.marginType.get('BTCUSDT')).toBe('isolated');
  const err = await thrown(() => fut.setLeverage(BTC, 0));
  expect(err.kind).toBe('invalid_order');
});

it('opens a position, protects it with exchange-side SL/TP, and the stop closes it', async () => {
  const entry = await fut.createOrder({
    symbol: BTC,
    side: 'buy',
    type: 'market',
    amount: 0.1,
    clientOrderId: 'cyc-1-entry',
  });
  expect(entry).toMatchObject({ status: 'closed', filled: 0.1, average: 30000.1 });
  const [pos] = await fut.fetchPositions([BTC]);
  expect(pos).toMatchObject({
    symbol: BTC,
    side: 'long',
    contracts: 0.1,
    entryPrice: 30000.1,
    leverage: 5,
    marginMode: 'isolated',
  });

  const sl = await fut.createProtectionOrder({
    symbol: BTC,
    kind: 'stop_loss',
    side: 'sell',
    amount: 0.1,
    triggerPrice: 28500.04,
    clientOrderId: 'cyc-1-sl',
    reduceOnly: true,
  });
  const tp = await fut.createProtectionOrder({
    symbol: BTC,
    kind: 'take_profit',
    side: 'sell',
    amount: 0.1,
    triggerPrice: 33000,
    clientOrderId: 'cyc-1-tp',
    reduceOnly: true,
  });
  expect(sl).toMatchObject({
    type: 'stop_market',
    status: 'open',
    triggerPrice: 28500,
    reduceOnly: true,
    clientOrderId: 'cyc-1-sl',
  });
  expect(tp).toMatchObject({ type: 'take_profit_market', status: 'open', triggerPrice: 33000 });
  const open = await fut.fetchOpenOrders(BTC);
  expect(open.map((o) => o.clientOrderId).sort()).toEqual(['cyc-1-sl', 'cyc-1-tp']); // protection orders are listed too
  const algo = server.requestsTo('POST', '/fapi/v1/algoOrder').map((r) => r.params);
  expect(algo.map((p) => [p.type, p.triggerPrice, p.clientAlgoId])).toEqual([
    ['STOP_MARKET', '28500', 'cyc-1-sl'],
    ['TAKE_PROFIT_MARKET', '33000', 'cyc-1-tp'],
  ]);

  server.state.setPrice('futures', 'BTCUSDT', 28400);
  expect(await fut.fetchPositions([BTC])).toEqual([]);
  expect(server.state.findOrder('futures', 'BTCUSDT', { clientOrderId: 'cyc-1-sl' }, true)?.status).toBe('FILLED');
  const canceled = await fut.cancelOrder(tp.id, BTC); // the orphaned take-profit, via the algo endpoint
  expect(canceled.status).toBe('canceled');
  expect(server.state.findOrder('futures', 'BTCUSDT', { clientOrderId: 'cyc-1-tp' }, true)?.status).toBe('CANCELED');
  server.state.setPrice('futures', 'BTCUSDT', 30000);
});

it('reduceOnly closes without flipping, and is refused with no position', async () => {
  await fut.createOrder({ symbol: BTC, side: 'sell', type: 'market', amount: 0.05, clientOrderId: 'short-1' });
  const close = await fut.createOrder({
    symbol: BTC,
    side: 'buy',
    type: 'market',
    amount: 0.05,
    clientOrderId: 'short-1-close',
    reduceOnly: true,
  });
  expect(close.status).toBe('closed');
  expect(server.requestsTo('POST', '/fapi/v1/order').at(-1)!.params.reduceOnly).toBe('true');
  expect(await fut.fetchPositions([BTC])).toEqual([]);
  const err = await thrown(() =>
    fut.createOrder({
      symbol: BTC,
      side: 'buy',
      type: 'market',
      amount: 0.05,
      clientOrderId: 'ro-none',
      reduceOnly: true,
    }),
  );
  expect(err.kind).toBe('exchange');
  expect(err.message).toContain('ReduceOnly Order is rejected.');
});

it('maps margin shortfall to insufficient_funds and small notional to invalid_order', async () => {
  const margin = await thrown(() =>
    fut.createOrder({ symbol: BTC, side: 'buy', type: 'market', amount: 1, clientOrderId: 'too-big' }),
  );
  expect(margin).toMatchObject({ kind: 'insufficient_funds', retryable: false });
  expect(margin.message).toContain('Margin is insufficient.');
  const small = await thrown(() =>
    fut.createOrder({ symbol: BTC, side: 'buy', type: 'market', amount: 0.001, clientOrderId: 'too-small' }),
  );
  expect(small.kind).toBe('invalid_order');
  expect(small.message).toMatch(/below the minimum notional 100 USDT/);
});

it('balances reflect fees and realised PnL', async () => {
  const b = await fut.fetchBalance();
  expect(b.USDT.total).toBeLessThan(1000); // fees and the stopped-out loss were paid
  expect(b.USDT.total).toBeCloseTo(server.state.futuresWallet, 4);
});
