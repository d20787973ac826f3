// The market-data venue behind `--exchange`: the sim market (offline, on its stored clock) or a
// ccxt exchange for public data (no credentials, production endpoints).
import { ExchangeConfigSchema } from '../../../core/config/schema';
import type { ExchangePlugin, MarketType } from '../../../core/exchange/types';
import { createExchange } from '../exchange/registry';
import { simExchangeFactory } from '../exchange/sim-factory';

export async function openMarketDataSource(id: string, symbol?: string): Promise<ExchangePlugin> {
  const market: MarketType = symbol?.includes(':') ? 'swap' : 'spot';
  if (id === 'sim') {
    return simExchangeFactory({ market });
  }
  if (id === 'paper') {
    throw new Error(
      '"paper" has no market data of its own: download from its price source instead (--exchange sim, or a ccxt id such as binance)',
    );
  }
  return createExchange(ExchangeConfigSchema.parse({ id, market, sandbox: false }), process.env);
}
