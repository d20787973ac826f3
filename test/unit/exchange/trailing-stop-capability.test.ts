import { ExchangeError } from '../../../core/exchange/types';
import { BinanceExchange } from '../../../infra/adapters/exchange/binance-exchange';
import { CcxtExchange } from '../../../infra/adapters/exchange/ccxt-exchange';
import { HyperliquidExchange } from '../../../infra/adapters/exchange/hyperliquid-exchange';

const WALLET = '0x' + 'ab'.repeat(20);
const KEY = '0x' + '12'.repeat(32);

// Exchange-side trailing stops are declared only where they are tested (the paper venue); every
// ccxt-backed plugin says no, so a session keeps the stop itself instead of sending an order the
// venue would read as something else.
describe('trailing stop capability of the ccxt-backed plugins', () => {
  const plugins = [
    new BinanceExchange({ marketType: 'swap' }),
    new BinanceExchange({ marketType: 'spot' }),
    new CcxtExchange({ id: 'okx', marketType: 'swap' }),
    new HyperliquidExchange({ credentials: { walletAddress: WALLET, privateKey: KEY } }),
  ];

  it.each(plugins.map((p) => [`${p.id} ${p.marketType}`, p] as const))(
    '%s declares none and refuses a trailing_stop order before calling the venue',
    async (_name, plugin) => {
      expect(plugin.has.trailingStopOrders).toBe(false);
      const err = await plugin
        .createProtectionOrder({
          symbol: 'BTC/USDT:USDT',
          kind: 'trailing_stop',
          side: 'sell',
          amount: 1,
          triggerPrice: 95_000,
          trailingPercent: 2,
          clientOrderId: 'trail',
          reduceOnly: true,
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ExchangeError);
      expect((err as ExchangeError).kind).toBe('not_supported');
      expect((err as Error).message).toMatch(/does not support trailingStopOrders/);
    },
  );
});
