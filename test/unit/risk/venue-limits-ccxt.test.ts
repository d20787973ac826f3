// Venue limits from real ccxt markets: the step the risk policy truncates to must be the one ccxt
// truncates to when it sends the order, in every ccxt precision mode, or an approved size would
// reach the venue changed (and possibly under its minimum). Markets are set offline (setMarkets),
// so ccxt's own amountToPrecision is the reference.
import ccxt, { type Exchange, type Market } from 'ccxt';
import fc from 'fast-check';
import { fitToVenue, venueLimitsOf } from '../../../core/risk/venue-limits';
import { CcxtExchange } from '../../../infra/adapters/exchange/ccxt-exchange';
import { toMarketInfo } from '../../../infra/adapters/exchange/ccxt-mapping';

type MarketFields = { precision: { amount: number; price: number }; type?: 'spot' | 'swap'; contractSize?: number };

function ccxtMarket(f: MarketFields): Record<string, unknown> {
  const swap = f.type === 'swap';
  return {
    id: swap ? 'BTC-USDT-SWAP' : 'BTCUSDT',
    symbol: swap ? 'BTC/USDT:USDT' : 'BTC/USDT',
    base: 'BTC',
    quote: 'USDT',
    settle: swap ? 'USDT' : undefined,
    baseId: 'BTC',
    quoteId: 'USDT',
    type: swap ? 'swap' : 'spot',
    spot: !swap,
    swap,
    contract: swap,
    linear: swap ? true : undefined,
    contractSize: f.contractSize,
    active: true,
    precision: f.precision,
    limits: { amount: { min: swap ? 1 : 0.0001, max: 9000 }, cost: { min: 5 }, price: {}, leverage: {} },
    maker: 0.001,
    taker: 0.001,
  };
}

/** A ccxt client of `id` holding one market, in the client's own precision mode unless told. */
type CcxtMarket = NonNullable<Market>;

function client(id: string, f: MarketFields, precisionMode?: number): { ex: Exchange; market: CcxtMarket } {
  const ex = new (ccxt as unknown as Record<string, new () => Exchange>)[id]();
  if (precisionMode !== undefined) ex.precisionMode = precisionMode;
  ex.setMarkets([ccxtMarket(f)] as never);
  const market = ex.market(String(ccxtMarket(f).symbol));
  return { ex, market };
}

const CASES: { name: string; id: string; fields: MarketFields; mode?: number; step: number }[] = [
  { name: 'binance, TICK_SIZE', id: 'binance', fields: { precision: { amount: 0.00001, price: 0.01 } }, step: 0.00001 },
  {
    name: 'a DECIMAL_PLACES venue (3 decimals)',
    id: 'binance',
    fields: { precision: { amount: 3, price: 2 } },
    mode: ccxt.DECIMAL_PLACES,
    step: 0.001,
  },
  // bitfinex reports SIGNIFICANT_DIGITS but truncates amounts to decimal places (its amountToPrecision).
  { name: 'bitfinex, SIGNIFICANT_DIGITS', id: 'bitfinex', fields: { precision: { amount: 8, price: 5 } }, step: 1e-8 },
];

describe('venue limits from ccxt markets', () => {
  it.each(CASES)('$name: the step matches what ccxt sends, and the limits are filled', ({ id, fields, mode, step }) => {
    const { ex, market } = client(id, fields, mode);
    const info = toMarketInfo(market, ex.precisionMode);
    const venue = venueLimitsOf(info);
    expect(venue).toEqual({ amountStep: step, minAmount: 0.0001, maxAmount: 9000, minNotional: 5 });
    fc.assert(
      fc.property(fc.noBias(fc.integer({ min: 0, max: 10_000_000 })), fc.integer({ min: -4, max: 2 }), (m, e) => {
        const amount = (m / 10_000_000) * 10 ** e;
        const fitted = fitToVenue(amount, 60_000, venue).quantity;
        const sent = (q: number) => {
          try {
            return Number(ex.amountToPrecision(market.symbol, q));
          } catch {
            return 0; // ccxt refuses an amount that truncates to nothing
          }
        };
        // What the risk policy approves is what ccxt sends, unchanged.
        if (fitted > 0) expect(sent(fitted)).toBe(fitted);
        // And it is ccxt's own truncation of the raw amount, except that float noise just under a
        // step is forgiven: ccxt truncates the text 2.5063999999999997 to 2.50639, we take 2.5064.
        const ccxtRaw = sent(amount);
        if (fitted !== ccxtRaw) {
          expect(fitted - ccxtRaw).toBeCloseTo(step, 12);
          expect(fitted - amount).toBeLessThan(step * 1e-6);
        }
      }),
      { seed: 42, numRuns: 2_000 },
    );
  });

  it('counts a contract swap in base units: contracts ccxt sends × contractSize = the base quantity', () => {
    const { ex, market } = client('okx', {
      type: 'swap',
      contractSize: 0.01,
      precision: { amount: 1, price: 0.1 },
    });
    const venue = venueLimitsOf(toMarketInfo(market, ex.precisionMode));
    expect(venue).toEqual({ amountStep: 0.01, minAmount: 0.01, maxAmount: 90, minNotional: 5 });
    for (const base of [0.0123, 0.5, 1.2345, 17.999]) {
      const fitted = fitToVenue(base, 60_000, venue).quantity;
      const contracts = Number(ex.amountToPrecision(market.symbol, base / 0.01));
      expect(fitted).toBeCloseTo(contracts * 0.01, 12);
    }
  });

  it('CcxtExchange.loadMarkets maps with the client precision mode', async () => {
    const exchange = new CcxtExchange({ id: 'bitfinex', marketType: 'spot' });
    const inner = (exchange as unknown as { ccxt: Exchange }).ccxt;
    // Offline: the markets a real loadMarkets would have built.
    inner.loadMarkets = (async () => {
      inner.setMarkets([ccxtMarket({ precision: { amount: 8, price: 5 } })] as never);
      return inner.markets;
    }) as never;
    const market = await exchange.market('BTC/USDT');
    expect(market.precision.amount).toBe(1e-8); // not a step of 8 BTC
    expect(market.limits.cost.min).toBe(5);
  });
});
