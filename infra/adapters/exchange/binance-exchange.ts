// Binance spot and USDⓈ-M futures: newClientOrderId (≤36 chars), reduceOnly, leverage, margin mode,
// STOP_MARKET / TAKE_PROFIT_MARKET protection orders (ccxt routes them to the algo-order endpoint).
import ccxt from 'ccxt';
import {
  ExchangeError,
  type MarketInfo,
  type Order,
  type OrderRequest,
  type ProtectionOrderRequest,
} from '../../../core/exchange/types';
import { CcxtExchange, type CcxtExchangeOptions } from './ccxt-exchange';
import { toOrder } from './ccxt-mapping';
import { mapCcxtError } from './ccxt-errors';

export type BinanceExchangeOptions = Omit<CcxtExchangeOptions, 'id'> & { id?: 'binance' | 'binanceusdm' };

export class BinanceExchange extends CcxtExchange {
  constructor(opts: BinanceExchangeOptions) {
    const id = opts.id ?? 'binance';
    if (id === 'binanceusdm' && opts.marketType !== 'swap') {
      throw new ExchangeError(
        'not_supported',
        id,
        'binanceusdm only lists USDⓈ-M futures: use market "swap", or id "binance" for spot',
      );
    }
    super({ ...opts, id });
  }

  protected override defaultCcxtOptions(): Record<string, unknown> {
    return {
      // Only the markets this plugin trades: spot, or USDⓈ-M (linear) perpetuals.
      fetchMarkets: { types: this.opts.marketType === 'spot' ? ['spot'] : ['linear'] },
      // Currencies come from a SAPI wallet endpoint we never need for trading.
      fetchCurrencies: false,
      fetchMargins: false,
      warnOnFetchOpenOrdersWithoutSymbol: false,
      // v2 positionRisk carries leverage and margin type per position.
      fetchPositionsRisk: { useV2: true },
    };
  }

  protected override clientIdMaxLength(): number {
    return 36;
  }

  protected override orderParams(req: OrderRequest, market: MarketInfo): Record<string, unknown> {
    if (req.reduceOnly && market.type !== 'swap') {
      throw new ExchangeError(
        'invalid_order',
        this.id,
        `${req.symbol}: reduceOnly applies to futures only; on spot, sell what you hold`,
      );
    }
    const params = super.orderParams(req, market);
    delete params.clientOrderId;
    params.newClientOrderId = this.venueClientId(req.clientOrderId);
    return params;
  }

  protected override protectionParams(req: ProtectionOrderRequest, trigger: number): Record<string, unknown> {
    return { ...super.protectionParams(req, trigger), workingType: 'MARK_PRICE' };
  }

  /** USDⓈ-M protection orders live on the algo-order endpoint: try it when the plain order is unknown. */
  override async cancelOrder(id: string, symbol: string): Promise<Order> {
    try {
      return await super.cancelOrder(id, symbol);
    } catch (e) {
      if (this.marketType !== 'swap' || !(e instanceof ExchangeError) || e.kind !== 'order_not_found') throw e;
      const market = await this.market(symbol);
      return toOrder(await this.call(() => this.ccxt.cancelOrder(id, market.symbol, { trigger: true })), {
        symbol: market.symbol,
      });
    }
  }

  /** On USDⓈ-M the open SL/TP orders are listed apart from plain orders; callers want both. */
  override async fetchOpenOrders(symbol?: string): Promise<Order[]> {
    const plain = await super.fetchOpenOrders(symbol);
    if (this.marketType !== 'swap') return plain;
    const market = symbol ? await this.market(symbol) : undefined;
    const triggers = await this.call(() =>
      this.ccxt.fetchOpenOrders(market?.symbol, undefined, undefined, { trigger: true }),
    );
    return [...plain, ...triggers.map((o) => toOrder(o))];
  }

  override async fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<Order | undefined> {
    return this.fetchByClientId(clientOrderId, symbol, {});
  }

  protected override async fetchProtectionOrderByClientId(
    clientOrderId: string,
    symbol: string,
  ): Promise<Order | undefined> {
    return this.fetchByClientId(clientOrderId, symbol, this.marketType === 'swap' ? { trigger: true } : {});
  }

  private async fetchByClientId(
    clientOrderId: string,
    symbol: string,
    extra: Record<string, unknown>,
  ): Promise<Order | undefined> {
    const market = await this.market(symbol);
    try {
      const o = await this.ccxt.fetchOrder('', market.symbol, {
        clientOrderId: this.venueClientId(clientOrderId),
        ...extra,
      });
      return this.withOurClientId(toOrder(o, { symbol: market.symbol }), clientOrderId);
    } catch (e) {
      if (e instanceof ccxt.OrderNotFound) return undefined;
      throw mapCcxtError(e, this.id, this.secrets);
    }
  }
}
