// A paper session on a real exchange that cannot be reached (offline, DNS down, venue outage) is
// refused before it starts with what was unreachable and the offline way on, not a socket code.
import ccxt from 'ccxt';
import { validateTrade } from '../../../infra/services/sessions/validate-trade';
import { mapCcxtError } from '../../../infra/adapters/exchange/ccxt-errors';
import { ConfigSchema } from '../../../core/config/schema';
import type { ExchangePlugin } from '../../../core/exchange/types';
import { UnavailableError } from '../../../core/errors';

const config = ConfigSchema.parse({ gateway: { token: 'x'.repeat(40) }, exchanges: [{ id: 'okx' }] });
const flags = { mode: 'paper', exchange: 'okx', symbol: ['BTC/USDT'], timeframe: '1m', strategy: 'ema-cross' };

/** What the ccxt client raises when the venue's host does not resolve, mapped the one way it is. */
function unreachable(error: Error): () => Promise<ExchangePlugin> {
  return async () =>
    ({
      loadMarkets: () => Promise.reject(mapCcxtError(error, 'okx')),
    }) as unknown as ExchangePlugin;
}

test('an unreachable venue is an UnavailableError naming it, with the sim as the offline way', async () => {
  const dns = new ccxt.NetworkError(
    'okx GET https://www.okx.com/api/v5/public/instruments fetch failed: getaddrinfo ENOTFOUND www.okx.com',
  );
  const err = await validateTrade(flags, config, {}, unreachable(dns)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UnavailableError);
  expect((err as UnavailableError).message).toMatch(
    /^cannot reach okx to load its markets \(.*ENOTFOUND www\.okx\.com\)$/,
  );
  expect((err as UnavailableError).hint).toContain('--exchange sim');
});

test('a venue that answers with an error is not called unreachable', async () => {
  const refused = new ccxt.ExchangeError('okx {"code":"50011","msg":"Request too frequent"}');
  const err = await validateTrade(flags, config, {}, unreachable(refused)).catch((e: unknown) => e);
  expect(err).not.toBeInstanceOf(UnavailableError);
});
