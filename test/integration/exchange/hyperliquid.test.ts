// Real ccxt hyperliquid client over HTTP against the local Hyperliquid server, which recovers the
// EIP-712 signer of every L1 action: perps market data, slippage-bounded market orders with cloids,
// protection orders, leverage, error mapping and the never-twice guarantee.
import { hyperliquidCloid } from '../../../infra/adapters/exchange/client-order-id';
import { HyperliquidExchange } from '../../../infra/adapters/exchange/hyperliquid-exchange';
import { addressOfPrivateKey } from '../../fixtures/hyperliquid-server/agent-signature';
import { HyperliquidServer } from '../../fixtures/hyperliquid-server/server';
import { thrown } from './binance-fixture';

const BTC = 'BTC/USDC:USDC';
const KEY = '0x' + '1f'.repeat(32);
const WALLET = addressOfPrivateKey(KEY);
let server: HyperliquidServer;
let hl: HyperliquidExchange;

function plugin(privateKey = KEY): HyperliquidExchange {
  return new HyperliquidExchange({
    credentials: { walletAddress: WALLET, privateKey },
    apiUrls: { public: server.url, private: server.url },
    timeoutMs: 1000,
    retryDelayMs: 20,
    // ccxt weighs each /info call 20 units × 50 ms (Hyperliquid's 1200/min): fine live, slow here.
    rateLimitMs: 1,
  });
}

beforeAll(async () => {
  server = new HyperliquidServer(WALLET, { usdc: 10_000 });
  await server.start();
  hl = plugin();
});
afterAll(async () => {
  await hl.close();
  await server.close();
});

it('loads perps with precision from szDecimals, and market data', async () => {
  expect(await hl.market(BTC)).toMatchObject({
    type: 'swap',
    settle: 'USDC',
    precision: { amount: 0.00001, price: 1 },
  });
  expect(await hl.fetchTicker(BTC)).toMatchObject({ bid: 64999, ask: 65001 });
  expect((await hl.fetchOrderBook(BTC)).asks[0]).toEqual([65001, 1.5]);
  expect((await hl.fetchFundingRate(BTC)).fundingRate).toBe(0.0000125);
  const since = Math.floor((Date.now() - 10 * 3_600_000) / 3_600_000) * 3_600_000;
  const rows = await hl.fetchOHLCV(BTC, '1h', since, 5);
  expect(rows.map((r) => r[0])).toEqual([0, 1, 2, 3, 4].map((i) => since + i * 3_600_000));
});

it('sends a market order as an IOC limit bounded by the slippage, with a cloid derived from our id', async () => {
  await hl.setLeverage(BTC, 5);
  const o = await hl.createOrder({
    symbol: BTC,
    side: 'buy',
    type: 'market',
    amount: 0.01,
    clientOrderId: 'cyc-hl-1',
    maxSlippage: 0.01,
  });
  expect(o).toMatchObject({ status: 'closed', filled: 0.01, average: 65001, clientOrderId: 'cyc-hl-1' });
  const sent = server.actionsOfType('order').at(-1)!;
  expect(sent.signer).toBe(WALLET); // the EIP-712 signature recovers to our wallet
  expect(sent.action.orders).toEqual([
    { a: 0, b: true, p: '65651', s: '0.01', r: false, t: { limit: { tif: 'Ioc' } }, c: hyperliquidCloid('cyc-hl-1') },
  ]);
  expect(server.leverage.get('BTC')).toEqual({ value: 5, isCross: true });
  const [pos] = await hl.fetchPositions([BTC]);
  expect(pos).toMatchObject({ side: 'long', contracts: 0.01, entryPrice: 65001, leverage: 5 });
});

it('pays no builder fee: ccxt’s builder is approved at 0% and orders carry f = 0', async () => {
  expect(server.actionsOfType('approveBuilderFee').map((a) => a.action.maxFeeRate)).toEqual(['0%']);
  for (const a of server.actionsOfType('order'))
    expect((a.action.builder as { f: number } | undefined)?.f ?? 0).toBe(0);
});

it('a market that moved past the slippage bound is rejected, not filled worse', async () => {
  server.moveBeforeNextOrder('BTC', 66000); // +1.5% while our order is on its way; bound is +1%
  try {
    const err = await thrown(() =>
      hl.createOrder({
        symbol: BTC,
        side: 'buy',
        type: 'market',
        amount: 0.01,
        clientOrderId: 'cyc-hl-slip',
        maxSlippage: 0.01,
      }),
    );
    expect(err).toMatchObject({ kind: 'invalid_order', retryable: false });
    expect(err.message).toContain('Order could not immediately match against any resting orders.');
    expect((await hl.fetchPositions([BTC]))[0].contracts).toBe(0.01); // unchanged
  } finally {
    server.setMark('BTC', 65000);
  }
});

it('places an exchange-side stop-loss trigger order, listed among open orders', async () => {
  const sl = await hl.createProtectionOrder({
    symbol: BTC,
    kind: 'stop_loss',
    side: 'sell',
    amount: 0.01,
    triggerPrice: 60000,
    clientOrderId: 'cyc-hl-1-sl',
    reduceOnly: true,
  });
  expect(sl).toMatchObject({
    type: 'stop_market',
    status: 'open',
    triggerPrice: 60000,
    reduceOnly: true,
    clientOrderId: 'cyc-hl-1-sl',
  });
  const sent = (server.actionsOfType('order').at(-1)!.action.orders as Record<string, unknown>[])[0];
  expect(sent).toMatchObject({
    b: false,
    r: true,
    t: { trigger: { isMarket: true, triggerPx: '60000', tpsl: 'sl' } },
    c: hyperliquidCloid('cyc-hl-1-sl'),
  });
  expect((await hl.fetchOpenOrders(BTC)).map((o) => o.id)).toContain(sl.id);
});

it('an answer lost after the venue acted (HTTP 502) resolves by cloid: placed once', async () => {
  server.injectFault({
    method: 'POST',
    path: '/exchange',
    times: 1,
    status: 502,
    body: '<html>502 Bad Gateway</html>',
    afterHandling: true,
  });
  const o = await hl.createOrder({
    symbol: BTC,
    side: 'sell',
    type: 'market',
    amount: 0.01,
    clientOrderId: 'cyc-hl-2',
    reduceOnly: true,
  });
  expect(o).toMatchObject({ clientOrderId: 'cyc-hl-2', status: 'closed' });
  expect(server.ordersWithCloid(hyperliquidCloid('cyc-hl-2'))).toHaveLength(1);
  expect(await hl.fetchPositions([BTC])).toEqual([]);
});

it('maps venue rejections: margin, minimum value, reduce-only, wrong signer', async () => {
  const margin = await thrown(() =>
    hl.createOrder({ symbol: BTC, side: 'buy', type: 'market', amount: 5, clientOrderId: 'big' }),
  );
  expect(margin).toMatchObject({ kind: 'insufficient_funds', retryable: false });
  expect(margin.message).toContain('Insufficient margin to place order.');
  const small = await thrown(() =>
    hl.createOrder({ symbol: BTC, side: 'buy', type: 'market', amount: 0.0001, clientOrderId: 'small' }),
  );
  expect(small.kind).toBe('invalid_order'); // caught before the venue: below ccxt's $10 minimum cost
  const reduce = await thrown(() =>
    hl.createOrder({ symbol: BTC, side: 'sell', type: 'market', amount: 0.01, clientOrderId: 'ro', reduceOnly: true }),
  );
  expect(reduce.kind).toBe('invalid_order');
  expect(reduce.message).toContain('Reduce only order would increase position.');
  const impostor = plugin('0x' + '2e'.repeat(32));
  const auth = await thrown(() =>
    impostor.createOrder({ symbol: BTC, side: 'buy', type: 'market', amount: 0.01, clientOrderId: 'imp' }),
  );
  expect(auth).toMatchObject({ kind: 'authentication', retryable: false });
  expect(auth.message).toMatch(/User or API Wallet 0x[0-9a-f]{40} does not exist/);
  expect(auth.message).not.toContain('2e2e2e2e'); // the key never shows
  expect(server.ordersWithCloid(hyperliquidCloid('imp'))).toHaveLength(0);
});
