// ExchangePlugin over any ccxt exchange class: spot or swap, sandbox, ccxt's own rate limiter plus
// the shared Redis bucket, every ccxt error mapped once, idempotent order creation by clientOrderId.
import ccxt, { type Exchange, type Order as CcxtOrder } from 'ccxt';
import { paginateOHLCV } from '../../../core/exchange/paginate-ohlcv';
import { assertOrderWithinLimits } from '../../../core/exchange/precision';
import { timeframeToMs } from '../../../core/exchange/timeframe';
import {
  ExchangeError,
  type Balances,
  type ExchangeCapabilities,
  type ExchangePlugin,
  type FundingRate,
  type MarginMode,
  type MarketInfo,
  type MarketType,
  type OHLCVRow,
  type Order,
  type OrderBook,
  type OrderRequest,
  type Position,
  type ProtectionOrderRequest,
  type Ticker,
} from '../../../core/exchange/types';
import { mapCcxtError } from './ccxt-errors';
import { toBalances, toMarketInfo, toOrder, toPosition, toTicker } from './ccxt-mapping';
import { venueClientOrderId } from './client-order-id';
import type { ExchangeCredentials } from './credentials';
import type { RateLimiter } from './redis-token-bucket';

export interface CcxtExchangeOptions {
  id: string;
  marketType: MarketType;
  sandbox?: boolean;
  credentials?: ExchangeCredentials;
  /** Overrides of ccxt's `urls.api` entries (a local test server, a proxy). Applied after sandbox. */
  apiUrls?: Record<string, string>;
  timeoutMs?: number;
  /** Overrides ccxt's `rateLimit` (ms per cost unit), e.g. for a higher venue tier or a local test venue. */
  rateLimitMs?: number;
  /** Shared cross-process budget; ccxt's per-process limiter stays on as well. */
  limiter?: RateLimiter;
  /** Extra ccxt `options` for the venue class. */
  ccxtOptions?: Record<string, unknown>;
  /** Total create attempts when the venue does not answer (network errors); default 3. */
  createAttempts?: number;
  /**
   * Look the clientOrderId up before the first create (default true). A retried activity calls
   * createOrder afresh, and venues such as Binance spot accept a reused client id once the first
   * order is filled, so only this look-up keeps a retried activity from trading twice.
   */
  lookupBeforeCreate?: boolean;
  retryDelayMs?: number;
  /** Page size for OHLCV pagination; default from ccxt's `features`, else 500. */
  ohlcvPageSize?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function unknownExchangeError(id: string): ExchangeError {
  const similar = ccxt.exchanges.filter((e) => e.startsWith(id.slice(0, 3)) || id.startsWith(e)).slice(0, 5);
  return new ExchangeError(
    'not_supported',
    id,
    `unknown exchange id "${id}": not one of ccxt's ${ccxt.exchanges.length} exchanges` +
      (similar.length ? ` (similar: ${similar.join(', ')})` : ` (e.g. ${ccxt.exchanges.slice(0, 5).join(', ')})`) +
      '; run `opentrade plugin list` to see every valid id, or use "sim" for the offline market',
  );
}

export class CcxtExchange implements ExchangePlugin {
  readonly id: string;
  readonly marketType: MarketType;
  readonly has: ExchangeCapabilities;
  protected readonly ccxt: Exchange;
  protected readonly opts: CcxtExchangeOptions;
  protected readonly secrets: (string | undefined)[];
  private markets?: Record<string, MarketInfo>;

  constructor(opts: CcxtExchangeOptions) {
    this.opts = opts;
    this.id = opts.id;
    this.marketType = opts.marketType;
    const Cls = (ccxt as unknown as Record<string, new (config: object) => Exchange>)[opts.id];
    if (!ccxt.exchanges.includes(opts.id) || typeof Cls !== 'function') throw unknownExchangeError(opts.id);
    const creds = opts.credentials ?? {};
    this.secrets = [creds.apiKey, creds.secret, creds.password, creds.privateKey];
    this.ccxt = new Cls({
      enableRateLimit: true,
      ...(opts.rateLimitMs !== undefined ? { rateLimit: opts.rateLimitMs } : {}),
      timeout: opts.timeoutMs ?? 10_000,
      ...Object.fromEntries(Object.entries(creds).filter(([, v]) => v !== undefined)),
      options: { defaultType: opts.marketType, ...this.defaultCcxtOptions(), ...opts.ccxtOptions },
    });
    if (opts.sandbox) {
      const noSandbox = () =>
        new ExchangeError(
          'not_supported',
          this.id,
          `exchange "${this.id}" has no sandbox/testnet in ccxt; set "sandbox": false to use it live`,
        );
      // Venues with a custom sandbox switch (e.g. demo-trading headers) override setSandboxMode;
      // the others need test URLs, which some classes declare empty.
      const custom = this.ccxt.setSandboxMode !== ccxt.Exchange.prototype.setSandboxMode;
      if (!custom && !this.ccxt.urls.test) throw noSandbox();
      try {
        this.ccxt.setSandboxMode(true);
      } catch {
        throw noSandbox();
      }
    }
    if (opts.apiUrls) this.overrideUrls(opts.apiUrls);
    if (opts.limiter) this.attachLimiter(opts.limiter);
    this.has = this.capabilities();
  }

  /** Venue-specific ccxt options (subclasses). Runs inside the constructor: only `this.opts` is set. */
  protected defaultCcxtOptions(): Record<string, unknown> {
    return {};
  }

  /** Longest clientOrderId the venue accepts; longer ids are hashed deterministically. */
  protected clientIdMaxLength(): number {
    return 32;
  }

  /** The id the venue sees for our clientOrderId. */
  venueClientId(clientOrderId: string): string {
    return venueClientOrderId(clientOrderId, this.clientIdMaxLength());
  }

  private overrideUrls(urls: Record<string, string>): void {
    const api = this.ccxt.urls.api;
    if (api && typeof api === 'object') this.ccxt.urls.api = { ...(api as Record<string, string>), ...urls };
    else (this.ccxt.urls as Record<string, unknown>).api = urls.rest ?? Object.values(urls)[0];
  }

  private attachLimiter(limiter: RateLimiter): void {
    // ccxt calls throttle(cost) before every HTTP request when enableRateLimit is on; costs are in
    // ccxt's units (endpoint weights), so the Redis bucket is sized in the same units.
    const own = this.ccxt.throttle.bind(this.ccxt);
    this.ccxt.throttle = (async (cost?: number) => {
      await own(cost);
      await limiter.acquire(cost ?? 1);
    }) as Exchange['throttle'];
  }

  /** ccxt's rate: cost units per second (its `rateLimit` is ms per unit). */
  static defaultTokensPerSecond(id: string): number {
    const Cls = (ccxt as unknown as Record<string, new (config: object) => Exchange>)[id];
    if (!Cls) throw unknownExchangeError(id);
    return 1000 / (new Cls({}).rateLimit || 1000);
  }

  protected capabilities(): ExchangeCapabilities {
    const has = this.ccxt.has as Record<string, boolean | string | undefined>;
    const yes = (k: string) => has[k] === true || has[k] === 'emulated';
    const swap = this.marketType === 'swap';
    return {
      fetchOHLCV: yes('fetchOHLCV'),
      fetchOrderBook: yes('fetchOrderBook'),
      fetchTicker: yes('fetchTicker'),
      fetchFundingRate: swap && yes('fetchFundingRate'),
      fetchOpenInterest: swap && yes('fetchOpenInterest'),
      fetchLongShortRatio: swap && (yes('fetchLongShortRatio') || yes('fetchLongShortRatioHistory')),
      fetchBalance: yes('fetchBalance'),
      fetchPositions: swap && yes('fetchPositions'),
      createOrder: yes('createOrder'),
      cancelOrder: yes('cancelOrder'),
      fetchOrder: yes('fetchOrder'),
      fetchOpenOrders: yes('fetchOpenOrders'),
      setLeverage: swap && yes('setLeverage'),
      setMarginMode: swap && yes('setMarginMode'),
      stopLossOrders: yes('createStopLossOrder') || yes('createTriggerOrder'),
      takeProfitOrders: yes('createTakeProfitOrder') || yes('createTriggerOrder'),
      // Off until a venue's trailing orders (ccxt's `trailingPercent` param) are tested against a
      // server speaking its API; a session then keeps the trailing stop itself.
      trailingStopOrders: false,
      reduceOnly: swap && yes('createReduceOnlyOrder'),
      clientOrderId: true,
      sandbox: Boolean(this.ccxt.urls.test) || this.ccxt.setSandboxMode !== ccxt.Exchange.prototype.setSandboxMode,
    };
  }

  /** Runs a ccxt call and maps whatever it throws, once. */
  protected async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ccxt.InvalidNonce) await this.resyncClock();
      throw mapCcxtError(e, this.id, this.secrets);
    }
  }

  /**
   * The venue rejected our timestamp (Binance -1021): measure the clock offset so the retry, which
   * InvalidNonce's retryable kind invites, is signed with the venue's time.
   */
  private async resyncClock(): Promise<void> {
    if (!this.ccxt.has.fetchTime) return;
    try {
      await this.ccxt.loadTimeDifference();
    } catch {
      // best effort: the original error is what the caller needs to see
    }
  }

  protected requireCapability(name: keyof ExchangeCapabilities): void {
    if (!this.has[name])
      throw new ExchangeError('not_supported', this.id, `${this.id} (${this.marketType}) does not support ${name}`);
  }

  async loadMarkets(reload = false): Promise<Record<string, MarketInfo>> {
    if (this.markets && !reload) return this.markets;
    const all = await this.call(() => this.ccxt.loadMarkets(reload));
    const out: Record<string, MarketInfo> = {};
    for (const m of Object.values(all)) {
      if (!m) continue;
      if (this.marketType === 'spot' ? m.spot : m.swap) out[m.symbol] = toMarketInfo(m, this.ccxt.precisionMode);
    }
    this.markets = out;
    return out;
  }

  async market(symbol: string): Promise<MarketInfo> {
    const markets = await this.loadMarkets();
    const found = markets[symbol];
    if (found) return found;
    const symbols = Object.keys(markets);
    const base = symbol.split(/[/:]/)[0]?.toUpperCase();
    const related = symbols.filter((s) => s.startsWith(`${base}/`));
    const examples = (related.length ? related : symbols).slice(0, 5);
    const hint =
      this.marketType === 'swap' && !symbol.includes(':')
        ? ' (perpetual symbols carry their settle currency, e.g. BTC/USDT:USDT)'
        : '';
    throw new ExchangeError(
      'bad_symbol',
      this.id,
      `unknown symbol "${symbol}" on ${this.id} ${this.marketType}${hint}; valid symbols include ${examples.join(', ')} (${symbols.length} in total)`,
    );
  }

  async fetchTime(): Promise<number> {
    if (!this.ccxt.has.fetchTime) return Date.now();
    const t = await this.call(() => this.ccxt.fetchTime());
    return t ?? Date.now();
  }

  timeframes(): string[] {
    return Object.keys(this.ccxt.timeframes ?? {});
  }

  private assertTimeframe(timeframe: string): void {
    const valid = this.timeframes();
    if (valid.length > 0 && !valid.includes(timeframe)) {
      throw new ExchangeError(
        'not_supported',
        this.id,
        `unsupported timeframe "${timeframe}" on ${this.id}; valid timeframes: ${valid.join(', ')}`,
      );
    }
  }

  protected ohlcvPageSize(): number {
    if (this.opts.ohlcvPageSize) return this.opts.ohlcvPageSize;
    const features = this.ccxt.features as Record<string, Record<string, unknown>> | undefined;
    const forType =
      this.marketType === 'spot' ? features?.spot : (features?.swap?.linear as Record<string, unknown> | undefined);
    const limit = Number((forType?.fetchOHLCV as { limit?: number } | undefined)?.limit);
    return Number.isFinite(limit) && limit > 0 ? limit : 500;
  }

  /**
   * One call when `limit` fits in a page; otherwise consecutive pages from `since` until `limit`
   * rows (complete, ordered, deduplicated).
   */
  async fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<OHLCVRow[]> {
    this.requireCapability('fetchOHLCV');
    this.assertTimeframe(timeframe);
    const market = await this.market(symbol);
    const pageSize = this.ohlcvPageSize();
    if (since === undefined || limit === undefined || limit <= pageSize) {
      return (await this.call(() => this.ccxt.fetchOHLCV(market.symbol, timeframe, since, limit))) as OHLCVRow[];
    }
    return this.fetchOHLCVRange(symbol, timeframe, since, undefined, limit);
  }

  /** Every candle with open time in [since, until), page by page. */
  async fetchOHLCVRange(
    symbol: string,
    timeframe: string,
    since: number,
    until?: number,
    limit?: number,
  ): Promise<OHLCVRow[]> {
    this.requireCapability('fetchOHLCV');
    this.assertTimeframe(timeframe);
    const market = await this.market(symbol);
    return paginateOHLCV(
      (pageSince, pageLimit) =>
        this.call(() => this.ccxt.fetchOHLCV(market.symbol, timeframe, pageSince, pageLimit)) as Promise<OHLCVRow[]>,
      { since, until, limit, pageSize: this.ohlcvPageSize(), timeframeMs: timeframeToMs(timeframe) },
    );
  }

  async fetchOrderBook(symbol: string, limit?: number): Promise<OrderBook> {
    const market = await this.market(symbol);
    const book = await this.call(() => this.ccxt.fetchOrderBook(market.symbol, limit));
    return {
      symbol: market.symbol,
      timestamp: book.timestamp ?? Date.now(),
      bids: book.bids.map(([p, a]) => [Number(p), Number(a)] as [number, number]),
      asks: book.asks.map(([p, a]) => [Number(p), Number(a)] as [number, number]),
    };
  }

  async fetchTicker(symbol: string): Promise<Ticker> {
    const market = await this.market(symbol);
    return toTicker(await this.call(() => this.ccxt.fetchTicker(market.symbol)));
  }

  async fetchFundingRate(symbol: string): Promise<FundingRate> {
    this.requireCapability('fetchFundingRate');
    const market = await this.market(symbol);
    const f = await this.call(() => this.ccxt.fetchFundingRate(market.symbol));
    return {
      symbol: market.symbol,
      timestamp: f.timestamp ?? Date.now(),
      fundingRate: Number(f.fundingRate),
      nextFundingTime: f.nextFundingTimestamp ?? f.fundingTimestamp ?? undefined,
      markPrice: f.markPrice ?? undefined,
      indexPrice: f.indexPrice ?? undefined,
    };
  }

  async fetchBalance(): Promise<Balances> {
    return toBalances((await this.call(() => this.ccxt.fetchBalance())) as unknown as Record<string, unknown>);
  }

  async fetchPositions(symbols?: string[]): Promise<Position[]> {
    if (this.marketType !== 'swap') return [];
    this.requireCapability('fetchPositions');
    await this.loadMarkets();
    const positions = await this.call(() => this.ccxt.fetchPositions(symbols));
    return positions.map(toPosition).filter((p): p is Position => p !== undefined);
  }

  /** Venue params for a new order (subclasses add their own). */
  protected orderParams(req: OrderRequest, _market: MarketInfo): Record<string, unknown> {
    const params: Record<string, unknown> = { clientOrderId: this.venueClientId(req.clientOrderId) };
    if (req.reduceOnly) params.reduceOnly = true;
    if (req.timeInForce && req.type === 'limit') {
      if (req.timeInForce === 'PO') params.postOnly = true;
      else params.timeInForce = req.timeInForce;
    }
    return params;
  }

  /** Price a market order is checked (and, on some venues, bounded) against. */
  protected async referencePrice(req: OrderRequest): Promise<number | undefined> {
    if (req.type === 'limit') return req.price;
    const t = await this.fetchTicker(req.symbol);
    return (req.side === 'buy' ? t.ask : t.bid) ?? t.last;
  }

  protected async prepareOrder(
    req: OrderRequest,
  ): Promise<{ market: MarketInfo; amount: number; price?: number; reference?: number }> {
    const market = await this.market(req.symbol);
    if (req.type === 'limit' && !(Number(req.price) > 0)) {
      throw new ExchangeError(
        'invalid_order',
        this.id,
        `${req.symbol}: a limit order needs a positive price, got ${req.price}`,
      );
    }
    if (!req.clientOrderId)
      throw new ExchangeError(
        'invalid_order',
        this.id,
        `${req.symbol}: clientOrderId is required (it makes retries idempotent)`,
      );
    const amount = await this.amountToPrecision(req.symbol, req.amount);
    const price = req.type === 'limit' ? await this.priceToPrecision(req.symbol, req.price!) : undefined;
    const reference =
      price ??
      (market.limits.cost.min !== undefined || this.marketOrdersNeedPrice()
        ? await this.referencePrice(req)
        : undefined);
    if (!req.reduceOnly) assertOrderWithinLimits(this.id, market, amount, reference);
    else assertOrderWithinLimits(this.id, { ...market, limits: { ...market.limits, cost: {} } }, amount, reference);
    return { market, amount, price, reference };
  }

  /** Venues without true market orders (Hyperliquid) need a bounding price. */
  protected marketOrdersNeedPrice(): boolean {
    return false;
  }

  async createOrder(req: OrderRequest): Promise<Order> {
    const { market, amount, price, reference } = await this.prepareOrder(req);
    const params = this.orderParams(req, market);
    const orderPrice = price ?? (this.marketOrdersNeedPrice() ? reference : undefined);
    return this.placeIdempotently(req.clientOrderId, market.symbol, false, () =>
      this.ccxt.createOrder(market.symbol, req.type, req.side, amount, orderPrice, params),
    );
  }

  async createProtectionOrder(req: ProtectionOrderRequest): Promise<Order> {
    this.requireCapability(
      req.kind === 'stop_loss'
        ? 'stopLossOrders'
        : req.kind === 'take_profit'
          ? 'takeProfitOrders'
          : 'trailingStopOrders',
    );
    const market = await this.market(req.symbol);
    const amount = await this.amountToPrecision(req.symbol, req.amount);
    const trigger = await this.priceToPrecision(req.symbol, req.triggerPrice);
    assertOrderWithinLimits(this.id, { ...market, limits: { ...market.limits, cost: {} } }, amount, trigger);
    const params = this.protectionParams(req, trigger);
    const price = this.marketOrdersNeedPrice() ? trigger : undefined;
    const order = await this.placeIdempotently(req.clientOrderId, market.symbol, true, () =>
      this.ccxt.createOrder(market.symbol, 'market', req.side, amount, price, params),
    );
    // We know what we asked for, whatever shape the venue's acknowledgement had.
    if (order.type === 'market' || order.type === 'limit')
      return { ...order, type: req.kind === 'stop_loss' ? 'stop_market' : 'take_profit_market' };
    return order;
  }

  protected protectionParams(req: ProtectionOrderRequest, trigger: number): Record<string, unknown> {
    return {
      clientOrderId: this.venueClientId(req.clientOrderId),
      reduceOnly: true,
      [req.kind === 'stop_loss' ? 'stopLossPrice' : 'takeProfitPrice']: trigger,
    };
  }

  /**
   * Places an order at most once. When the venue does not answer (timeout, 5xx, rate limit) the
   * order may or may not exist, so before sending it again we look it up by its clientOrderId; a
   * "duplicate client order id" rejection likewise resolves to the order already there.
   */
  protected async placeIdempotently(
    clientOrderId: string,
    symbol: string,
    trigger: boolean,
    create: () => Promise<CcxtOrder>,
  ): Promise<Order> {
    if (this.opts.lookupBeforeCreate !== false) {
      const existing = await this.lookupExisting(clientOrderId, symbol, trigger);
      if (existing) return existing;
    }
    const attempts = this.opts.createAttempts ?? 3;
    let lastError: ExchangeError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        await sleep((this.opts.retryDelayMs ?? 250) * 2 ** (attempt - 2));
        const existing = await this.lookupExisting(clientOrderId, symbol, trigger);
        if (existing) return existing;
      }
      try {
        const placed = toOrder(await create(), { symbol });
        // Venues that acknowledge without an order id (Hyperliquid's "waitingForTrigger"): read it back.
        if (!placed.id)
          return (
            (await this.lookupExisting(clientOrderId, symbol, trigger)) ?? this.withOurClientId(placed, clientOrderId)
          );
        return this.withOurClientId(placed, clientOrderId);
      } catch (e) {
        const mapped = mapCcxtError(e, this.id, this.secrets);
        if (mapped.kind === 'duplicate_order') {
          const existing = await this.lookupExisting(clientOrderId, symbol, trigger);
          if (existing) return existing;
          throw mapped;
        }
        if (!mapped.retryable) throw mapped;
        lastError = mapped;
      }
    }
    // The last attempt may also have reached the venue: one final look before giving up.
    const existing = await this.lookupExisting(clientOrderId, symbol, trigger);
    if (existing) return existing;
    throw lastError!;
  }

  private async lookupExisting(clientOrderId: string, symbol: string, trigger: boolean): Promise<Order | undefined> {
    for (let i = 0; ; i++) {
      try {
        return trigger
          ? await this.fetchProtectionOrderByClientId(clientOrderId, symbol)
          : await this.fetchOrderByClientId(clientOrderId, symbol);
      } catch (e) {
        const mapped = mapCcxtError(e, this.id, this.secrets);
        if (!mapped.retryable || i >= 2) throw mapped;
        await sleep((this.opts.retryDelayMs ?? 250) * 2 ** i);
      }
    }
  }

  protected withOurClientId(order: Order, clientOrderId: string): Order {
    return order.clientOrderId === this.venueClientId(clientOrderId) || order.clientOrderId === ''
      ? { ...order, clientOrderId }
      : order;
  }

  async cancelOrder(id: string, symbol: string): Promise<Order> {
    const market = await this.market(symbol);
    return toOrder(await this.call(() => this.ccxt.cancelOrder(id, market.symbol)), { symbol: market.symbol });
  }

  async fetchOrder(id: string, symbol: string): Promise<Order> {
    const market = await this.market(symbol);
    return toOrder(await this.call(() => this.ccxt.fetchOrder(id, market.symbol)), { symbol: market.symbol });
  }

  /** Generic look-up: open orders, then recent closed orders, matched on the venue's client id. */
  async fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<Order | undefined> {
    const market = await this.market(symbol);
    const venueId = this.venueClientId(clientOrderId);
    const open = await this.call(() => this.ccxt.fetchOpenOrders(market.symbol));
    let found = open.find((o) => o.clientOrderId === venueId);
    if (!found && this.ccxt.has.fetchClosedOrders) {
      const closed = await this.call(() => this.ccxt.fetchClosedOrders(market.symbol));
      found = closed.find((o) => o.clientOrderId === venueId);
    }
    return found ? this.withOurClientId(toOrder(found, { symbol: market.symbol }), clientOrderId) : undefined;
  }

  protected async fetchProtectionOrderByClientId(clientOrderId: string, symbol: string): Promise<Order | undefined> {
    return this.fetchOrderByClientId(clientOrderId, symbol);
  }

  async fetchOpenOrders(symbol?: string): Promise<Order[]> {
    const market = symbol ? await this.market(symbol) : undefined;
    await this.loadMarkets();
    const orders = await this.call(() => this.ccxt.fetchOpenOrders(market?.symbol));
    return orders.map((o) => toOrder(o));
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    this.requireCapability('setLeverage');
    if (!Number.isInteger(leverage) || leverage < 1)
      throw new ExchangeError('invalid_order', this.id, `leverage must be a positive integer, got ${leverage}`);
    const market = await this.market(symbol);
    const max = market.limits.leverage?.max;
    if (max !== undefined && leverage > max)
      throw new ExchangeError(
        'invalid_order',
        this.id,
        `${symbol}: leverage ${leverage} is above the venue maximum ${max}`,
      );
    await this.call(() => this.ccxt.setLeverage(leverage, market.symbol));
  }

  async setMarginMode(symbol: string, mode: MarginMode): Promise<void> {
    this.requireCapability('setMarginMode');
    const market = await this.market(symbol);
    try {
      await this.ccxt.setMarginMode(mode, market.symbol);
    } catch (e) {
      if (e instanceof ccxt.MarginModeAlreadySet) return; // already in the wanted mode: nothing to do
      throw mapCcxtError(e, this.id, this.secrets);
    }
  }

  async amountToPrecision(symbol: string, amount: number): Promise<number> {
    const market = await this.market(symbol);
    if (!(amount > 0) || !Number.isFinite(amount))
      throw new ExchangeError('invalid_order', this.id, `${symbol}: amount must be a positive number, got ${amount}`);
    try {
      return Number(this.ccxt.amountToPrecision(market.symbol, amount));
    } catch (e) {
      // ccxt refuses amounts that truncate to zero; say which minimum applies.
      throw new ExchangeError(
        'invalid_order',
        this.id,
        `${symbol}: amount ${amount} is below the amount step ${market.precision.amount}` +
          (market.limits.amount.min !== undefined
            ? ` and the minimum amount ${market.limits.amount.min} ${market.base}`
            : '') +
          ` (${(e as Error).message})`,
      );
    }
  }

  async priceToPrecision(symbol: string, price: number): Promise<number> {
    const market = await this.market(symbol);
    if (!(price > 0) || !Number.isFinite(price))
      throw new ExchangeError('invalid_order', this.id, `${symbol}: price must be a positive number, got ${price}`);
    return Number(this.ccxt.priceToPrecision(market.symbol, price));
  }

  async close(): Promise<void> {
    await this.ccxt.close?.();
  }
}
