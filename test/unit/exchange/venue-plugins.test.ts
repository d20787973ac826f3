// Construction and order-parameter building that need no venue: bad input, credentials, cloids.
import type { ExchangeConfig } from '../../../core/config/schema';
import { ExchangeError, type MarketInfo } from '../../../core/exchange/types';
import { BinanceExchange } from '../../../infra/adapters/exchange/binance-exchange';
import { CcxtExchange } from '../../../infra/adapters/exchange/ccxt-exchange';
import { hyperliquidCloid, venueClientOrderId } from '../../../infra/adapters/exchange/client-order-id';
import { HyperliquidExchange } from '../../../infra/adapters/exchange/hyperliquid-exchange';
import { createExchange } from '../../../infra/adapters/exchange/registry';

const WALLET = '0x' + 'ab'.repeat(20);
const KEY = '0x' + '12'.repeat(32);
const perp: MarketInfo = {
  symbol: 'BTC/USDC:USDC',
  id: '0',
  base: 'BTC',
  quote: 'USDC',
  settle: 'USDC',
  type: 'swap',
  active: true,
  precision: { amount: 0.00001, price: 1 },
  limits: { amount: {}, price: {}, cost: { min: 10 } },
  maker: 0.00015,
  taker: 0.00045,
};

function config(partial: Partial<ExchangeConfig>): ExchangeConfig {
  return { id: 'binance', market: 'spot', sandbox: false, credentials: {}, ...partial };
}

describe('exchange construction', () => {
  it('rejects an unknown exchange id and says how to list valid ones', async () => {
    expect(() => new CcxtExchange({ id: 'binanse', marketType: 'spot' })).toThrow(
      /unknown exchange id "binanse".*opentrade plugin list/,
    );
    await expect(createExchange(config({ id: 'nosuchvenue' }), {})).rejects.toThrow(
      /unknown exchange id "nosuchvenue"/,
    );
  });

  it('reads credentials from the named env vars and names a missing one without its value', async () => {
    const cfg = config({ credentials: { apiKey: 'BN_KEY', secret: 'BN_SECRET' } });
    const err = await createExchange(cfg, { BN_KEY: 'k-123456' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as ExchangeError).kind).toBe('authentication');
    expect((err as Error).message).toMatch(/secret \(env BN_SECRET\)/);
    expect((err as Error).message).not.toContain('k-123456');
    const ok = await createExchange(cfg, { BN_KEY: 'k-123456', BN_SECRET: 's-654321' });
    expect(ok).toBeInstanceOf(BinanceExchange);
    expect(ok.marketType).toBe('spot');
  });

  it('uses a registered factory for non-ccxt venues and the generic plugin for other ccxt ids', async () => {
    const sim = { id: 'sim' } as never;
    await expect(createExchange(config({ id: 'sim' }), {}, { factories: { sim: () => sim } })).resolves.toBe(sim);
    const okx = await createExchange(config({ id: 'okx', market: 'swap' }), {});
    expect(okx).toBeInstanceOf(CcxtExchange);
    expect(okx.has.fetchFundingRate).toBe(true);
    expect(okx.has.setLeverage).toBe(true);
  });

  it('maps capabilities from ccxt has, per market type', () => {
    const spot = new BinanceExchange({ marketType: 'spot' });
    const swap = new BinanceExchange({ marketType: 'swap' });
    expect(spot.has).toMatchObject({
      fetchOHLCV: true,
      createOrder: true,
      setLeverage: false,
      fetchPositions: false,
      fetchFundingRate: false,
    });
    expect(swap.has).toMatchObject({
      setLeverage: true,
      setMarginMode: true,
      stopLossOrders: true,
      takeProfitOrders: true,
      reduceOnly: true,
      fetchFundingRate: true,
    });
  });

  it('refuses a sandbox flag on a venue without a testnet', () => {
    expect(() => new CcxtExchange({ id: 'bitvavo', marketType: 'spot', sandbox: true })).toThrow(
      /no sandbox\/testnet.*"sandbox": false/,
    );
  });
});

describe('client order ids', () => {
  it('keeps short ids and hashes long ones deterministically within the venue limit', () => {
    expect(venueClientOrderId('cycle-1-abc', 36)).toBe('cycle-1-abc');
    const long = 'cycle-session-0f3a9c1e-4a1b-4c2d-9e8f-1234567890ab-1795701300000';
    const a = venueClientOrderId(long, 36);
    expect(a).toHaveLength(36);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(venueClientOrderId(long, 36)).toBe(a);
    expect(venueClientOrderId(long + 'x', 36)).not.toBe(a);
  });

  it('derives a 128-bit hex cloid for Hyperliquid', () => {
    const c = hyperliquidCloid('cycle-s1-1795701300000');
    expect(c).toMatch(/^0x[0-9a-f]{32}$/);
    expect(hyperliquidCloid('cycle-s1-1795701300000')).toBe(c);
    expect(hyperliquidCloid('cycle-s1-1795701360000')).not.toBe(c);
  });
});

describe('HyperliquidExchange', () => {
  it('checks wallet address and private key format without echoing them', () => {
    expect(() => new HyperliquidExchange({ credentials: { walletAddress: '0x123', privateKey: KEY } })).toThrow(
      /walletAddress must be/,
    );
    let err: unknown;
    try {
      new HyperliquidExchange({ credentials: { walletAddress: WALLET, privateKey: 'not-a-key-secret' } });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(/privateKey must be 64 hex digits/);
    expect((err as Error).message).not.toContain('not-a-key-secret');
    const hl = new HyperliquidExchange({ credentials: { walletAddress: WALLET, privateKey: KEY } });
    expect(hl.id).toBe('hyperliquid');
    expect(hl.marketType).toBe('swap');
    expect(hl.has).toMatchObject({
      createOrder: true,
      setLeverage: true,
      fetchFundingRate: true,
      stopLossOrders: true,
      clientOrderId: true,
      sandbox: true,
    });
    const ccxtOptions = (hl as unknown as { ccxt: { options: Record<string, unknown>; walletAddress: string } }).ccxt;
    expect(ccxtOptions.options.builderFee).toBe(false); // no third-party builder fee on our orders
    expect(ccxtOptions.walletAddress).toBe(WALLET);
  });

  it('builds a slippage-bounded market order with a cloid', () => {
    const hl = new HyperliquidExchange({ credentials: { walletAddress: WALLET, privateKey: KEY } });
    const call = hl.buildOrderCall(
      {
        symbol: perp.symbol,
        side: 'buy',
        type: 'market',
        amount: 0.01,
        clientOrderId: 'cycle-s1-1',
        maxSlippage: 0.01,
      },
      perp,
      65000,
      0.01,
    );
    expect(call).toEqual({
      type: 'market',
      side: 'buy',
      amount: 0.01,
      price: 65000,
      params: { clientOrderId: hyperliquidCloid('cycle-s1-1'), slippage: '0.01' },
    });
    const reduce = hl.buildOrderCall(
      { symbol: perp.symbol, side: 'sell', type: 'market', amount: 0.01, clientOrderId: 'c2', reduceOnly: true },
      perp,
      65000,
      0.01,
    );
    expect(reduce.params).toMatchObject({ reduceOnly: true, slippage: '0.05' });
    const limit = hl.buildOrderCall(
      {
        symbol: perp.symbol,
        side: 'sell',
        type: 'limit',
        price: 70000,
        amount: 0.01,
        clientOrderId: 'c3',
        timeInForce: 'PO',
      },
      perp,
      65000,
      0.01,
    );
    expect(limit).toMatchObject({ type: 'limit', price: 70000, params: { postOnly: true } });
    expect(limit.params.slippage).toBeUndefined();
  });

  it('rejects a market order without a reference price or with a nonsense slippage', () => {
    const hl = new HyperliquidExchange({});
    expect(() =>
      hl.buildOrderCall(
        { symbol: perp.symbol, side: 'buy', type: 'market', amount: 1, clientOrderId: 'x' },
        perp,
        0,
        1,
      ),
    ).toThrow(/reference price/);
    expect(() =>
      hl.buildOrderCall(
        { symbol: perp.symbol, side: 'buy', type: 'market', amount: 1, clientOrderId: 'x', maxSlippage: 2 },
        perp,
        100,
        1,
      ),
    ).toThrow(/maxSlippage must be a fraction/);
  });
});
