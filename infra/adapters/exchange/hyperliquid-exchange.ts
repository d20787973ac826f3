// Hyperliquid perps: wallet address + private key (no API key/secret), 128-bit hex cloids derived
// from our clientOrderId, and market orders sent as IOC limits bounded by a slippage price.
import ccxt from 'ccxt';
import { ExchangeError, type MarketInfo, type Order, type OrderRequest } from '../../../core/exchange/types';
import { CcxtExchange, type CcxtExchangeOptions } from './ccxt-exchange';
import { toOrder } from './ccxt-mapping';
import { mapCcxtError } from './ccxt-errors';
import { hyperliquidCloid } from './client-order-id';

export type HyperliquidExchangeOptions = Omit<CcxtExchangeOptions, 'id' | 'marketType'> & {
  marketType?: 'swap' | 'spot';
  /** Slippage bound for market orders when the request sets none; fraction, default 0.05 (5%). */
  defaultSlippage?: number;
};

export interface HyperliquidOrderCall {
  type: 'market' | 'limit';
  side: 'buy' | 'sell';
  amount: number;
  price: number;
  params: Record<string, unknown>;
}

const WALLET = /^0x[0-9a-fA-F]{40}$/;
const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

export class HyperliquidExchange extends CcxtExchange {
  private readonly defaultSlippage: number;

  constructor(opts: HyperliquidExchangeOptions) {
    const creds = opts.credentials ?? {};
    // Checked here so a misconfigured worker fails at start-up, not at its first order. The values
    // are never echoed: only which one is wrong.
    if (creds.walletAddress !== undefined && !WALLET.test(creds.walletAddress)) {
      throw new ExchangeError(
        'authentication',
        'hyperliquid',
        'hyperliquid walletAddress must be a 0x-prefixed 40-hex-digit address',
      );
    }
    if (creds.privateKey !== undefined && !PRIVATE_KEY.test(creds.privateKey)) {
      throw new ExchangeError(
        'authentication',
        'hyperliquid',
        'hyperliquid privateKey must be 64 hex digits (optionally 0x-prefixed)',
      );
    }
    if (creds.apiKey || creds.secret) {
      throw new ExchangeError(
        'authentication',
        'hyperliquid',
        'hyperliquid signs with walletAddress + privateKey; apiKey/secret are not used',
      );
    }
    super({ ...opts, id: 'hyperliquid', marketType: opts.marketType ?? 'swap' });
    const slippage = opts.defaultSlippage ?? 0.05;
    if (!(slippage > 0 && slippage < 1))
      throw new ExchangeError(
        'invalid_order',
        this.id,
        `defaultSlippage must be a fraction in (0, 1), got ${slippage}`,
      );
    this.defaultSlippage = slippage;
  }

  protected override defaultCcxtOptions(): Record<string, unknown> {
    return {
      // Perpetuals only (ccxt also loads spot and HIP-3 dex markets by default).
      fetchMarkets: { types: [this.opts.marketType === 'spot' ? 'spot' : 'swap'] },
      // ccxt attaches its own builder address to every order with a fee unless told not to;
      // a self-hosted bot should not pay a third party per trade by default.
      builderFee: false,
    };
  }

  override venueClientId(clientOrderId: string): string {
    return hyperliquidCloid(clientOrderId);
  }

  protected override marketOrdersNeedPrice(): boolean {
    return true;
  }

  /** What createOrder hands to ccxt: pure, so it is testable without a venue. */
  buildOrderCall(req: OrderRequest, market: MarketInfo, referencePrice: number, amount: number): HyperliquidOrderCall {
    if (req.type === 'market' && !(referencePrice > 0)) {
      throw new ExchangeError(
        'invalid_order',
        this.id,
        `${req.symbol}: a market order needs a reference price to bound its slippage, got ${referencePrice}`,
      );
    }
    const slippage = req.maxSlippage ?? this.defaultSlippage;
    if (!(slippage > 0 && slippage < 1))
      throw new ExchangeError(
        'invalid_order',
        this.id,
        `${req.symbol}: maxSlippage must be a fraction in (0, 1), got ${slippage}`,
      );
    const params = this.orderParams(req, market);
    if (req.type === 'market') params.slippage = String(slippage);
    return {
      type: req.type,
      side: req.side,
      amount,
      price: req.type === 'limit' ? req.price! : referencePrice,
      params,
    };
  }

  override async createOrder(req: OrderRequest): Promise<Order> {
    const { market, amount, price, reference } = await this.prepareOrder(req);
    const call = this.buildOrderCall({ ...req, price: price ?? req.price }, market, reference ?? 0, amount);
    return this.placeIdempotently(req.clientOrderId, market.symbol, false, () =>
      this.ccxt.createOrder(market.symbol, call.type, call.side, call.amount, call.price, call.params),
    );
  }

  override async fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<Order | undefined> {
    const market = await this.market(symbol);
    try {
      // ccxt's hyperliquid treats an id of 34+ chars as a cloid.
      const o = await this.ccxt.fetchOrder(this.venueClientId(clientOrderId), market.symbol);
      // An unknown cloid comes back as {status: "unknownOid", order: null}, parsed to an empty order.
      if (o === undefined || o === null || o.id === undefined || o.id === null) return undefined;
      return this.withOurClientId(toOrder(o, { symbol: market.symbol }), clientOrderId);
    } catch (e) {
      if (e instanceof ccxt.OrderNotFound) return undefined;
      throw mapCcxtError(e, this.id, this.secrets);
    }
  }
}
