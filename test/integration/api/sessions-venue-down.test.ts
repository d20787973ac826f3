// POST /sessions when the exchange cannot be reached: an outage of that exchange (503 naming it),
// not a gateway fault, and nothing is recorded.
import { ExchangeRegistry } from '../../../infra/adapters/exchange/exchange-registry';
import { freePort } from '../../../infra/stack/net';
import { binanceUrls } from '../../fixtures/binance-server/server';
import { startDataGateway, type DataGateway } from './data-gateway-harness';

let gw: DataGateway;
let registry: ExchangeRegistry;
beforeAll(async () => {
  // Nothing listens on the port: the real ccxt client's connection is refused, as for a venue that is down.
  const closed = await freePort();
  const exchanges = [{ id: 'binance' as const, market: 'spot' as const, sandbox: true, credentials: {} }];
  registry = new ExchangeRegistry(
    exchanges,
    {},
    { apiUrls: binanceUrls(`http://127.0.0.1:${closed}`), timeoutMs: 2000 },
  );
  gw = await startDataGateway({ config: { exchanges }, venue: (name) => registry.get(name) });
});
afterAll(async () => {
  await gw?.stop();
  await registry?.close();
});

it('answers 503 naming the exchange, and starts nothing', async () => {
  const before = await gw.data.prisma.tradingSession.count();
  const r = await gw.api('POST', '/sessions', { exchange: 'binance', strategy: 'ema-cross', symbols: ['BTC/USDT'] });
  expect(r.status).toBe(503);
  expect(r.body.error.code).toBe('unavailable');
  expect(r.body.error.message).toMatch(/^cannot reach binance to load its markets \(binance .*ECONNREFUSED/);
  expect(await gw.data.prisma.tradingSession.count()).toBe(before);
});
