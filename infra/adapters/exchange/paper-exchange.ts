// PaperExchange: the ExchangePlugin contract filled by the pure core/paper engine against another
// plugin's market data (SimExchange offline, a CcxtExchange for live prices). Before every call the
// account catches up on the candles that closed since it last looked (resting limits, stops,
// liquidations, funding), then the call runs and everything is saved in one versioned transaction.
import { priceToPrecision, amountToPrecision } from '../../../core/exchange/precision';
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
  type OpenInterest,
  type Order,
  type OrderBook,
  type OrderRequest,
  type Position,
  type ProtectionOrderRequest,
  type Ticker,
} from '../../../core/exchange/types';
import {
  balancesView,
  cancelOrder,
  createPaperState,
  DEFAULT_PAPER_CONFIG,
  placeOrder,
  placeProtectionOrder,
  positionsView,
  processCandle,
  pruneClosedOrders,
  setLeverage,
  toOrder,
  type PaperConfig,
  type PaperEvents,
  type PaperFillEvent,
  type PaperState,
  type QuoteContext,
} from '../../../core/paper';
import { sqlFromPrisma, type PrismaClient, type Sql } from '../db';
import { PaperStore, VersionConflict, type StoredAccount } from './paper-store';

const ID = 'paper';

export interface PaperExchangeOptions {
  prisma: PrismaClient;
  /** Where the account's SQL goes (the worker's pg pool); Prisma's raw queries when absent. */
  sql?: Sql;
  accountId: string;
  priceSource: ExchangePlugin;
  /** Used only when the account does not exist yet. */
  quoteCurrency?: string;
  initialBalances?: Record<string, number>;
  config?: Partial<PaperConfig>;
  /** Candle granularity the account is matched on. */
  timeframe?: string;
  marketType?: MarketType;
  /** Attempts when another process writes the account concurrently. */
  maxConflictRetries?: number;
  /** Schema of our tables when the database URL names one (`?schema=`); default: the connection's. */
  schema?: string;
}

interface Working {
  state: PaperState;
  config: PaperConfig;
  fills: PaperFillEvent[];
  changed: Set<string>;
  now: number;
}

export class PaperExchange implements ExchangePlugin {
  readonly id = ID;
  readonly marketType: MarketType;
  readonly has: ExchangeCapabilities;
  private readonly store: PaperStore;
  private readonly timeframe: string;
  private readonly tfMs: number;

  constructor(private readonly opts: PaperExchangeOptions) {
    if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(opts.accountId))
      throw new RangeError(`paper account id must be 1-100 of A-Z a-z 0-9 _ . : -, got "${opts.accountId}"`);
    this.store = new PaperStore(opts.sql ?? sqlFromPrisma(opts.prisma), opts.accountId, opts.schema);
    this.timeframe = opts.timeframe ?? '1m';
    this.tfMs = timeframeToMs(this.timeframe);
    this.marketType = opts.marketType ?? opts.priceSource.marketType;
    const src = opts.priceSource.has;
    this.has = {
      fetchOHLCV: src.fetchOHLCV,
      fetchOrderBook: src.fetchOrderBook,
      fetchTicker: src.fetchTicker,
      fetchFundingRate: src.fetchFundingRate,
      fetchOpenInterest: src.fetchOpenInterest,
      fetchLongShortRatio: src.fetchLongShortRatio,
      fetchBalance: true,
      fetchPositions: true,
      createOrder: true,
      cancelOrder: true,
      fetchOrder: true,
      fetchOpenOrders: true,
      setLeverage: true,
      setMarginMode: true,
      stopLossOrders: true,
      takeProfitOrders: true,
      trailingStopOrders: true,
      reduceOnly: true,
      clientOrderId: true,
      sandbox: false,
    };
  }

  // ---- market data: the price source's

  loadMarkets(reload?: boolean): Promise<Record<string, MarketInfo>> {
    return this.opts.priceSource.loadMarkets(reload);
  }
  market(symbol: string): Promise<MarketInfo> {
    return this.opts.priceSource.market(symbol);
  }
  fetchTime(): Promise<number> {
    return this.opts.priceSource.fetchTime();
  }
  timeframes(): string[] {
    return this.opts.priceSource.timeframes();
  }
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<OHLCVRow[]> {
    return this.opts.priceSource.fetchOHLCV(symbol, timeframe, since, limit);
  }
  fetchOrderBook(symbol: string, limit?: number): Promise<OrderBook> {
    return this.opts.priceSource.fetchOrderBook(symbol, limit);
  }
  fetchTicker(symbol: string): Promise<Ticker> {
    return this.opts.priceSource.fetchTicker(symbol);
  }
  fetchFundingRate(symbol: string): Promise<FundingRate> {
    return this.opts.priceSource.fetchFundingRate(symbol);
  }
  /** The market's open interest, from the price source: a paper account holds none of its own. */
  fetchOpenInterest(symbol: string): Promise<OpenInterest> {
    const src = this.opts.priceSource;
    if (!src.fetchOpenInterest)
      return Promise.reject(new ExchangeError('not_supported', ID, `${src.id} does not report open interest`));
    return src.fetchOpenInterest(symbol);
  }
  async amountToPrecision(symbol: string, amount: number): Promise<number> {
    return amountToPrecision(await this.market(symbol), amount);
  }
  async priceToPrecision(symbol: string, price: number): Promise<number> {
    return priceToPrecision(await this.market(symbol), price);
  }

  // ---- the account

  private initial(): { state: PaperState; config: PaperConfig } {
    const quote = this.opts.quoteCurrency ?? 'USDT';
    return {
      state: createPaperState(quote, this.opts.initialBalances ?? { [quote]: 10_000 }, `paper-${this.opts.accountId}`),
      config: { ...DEFAULT_PAPER_CONFIG, ...this.opts.config },
    };
  }

  /** Applies the closed candles of `symbol` the account has not seen yet. */
  private async catchUp(w: Working, symbol: string): Promise<void> {
    const market = await this.market(symbol);
    const src = this.opts.priceSource;
    const closed = (r: OHLCVRow) => r[0] + this.tfMs <= w.now;
    const cursor = w.state.cursor[symbol];
    if (cursor === undefined) {
      // First contact: the account starts trading from the latest closed candle, not from history.
      const latest = (await src.fetchOHLCV(symbol, this.timeframe, undefined, 3)).filter(closed).pop();
      if (latest) w.state = { ...w.state, cursor: { ...w.state.cursor, [symbol]: latest[0] } };
      return;
    }
    const position = w.state.positions[symbol];
    const fundingRate =
      market.type === 'swap' && position && src.has.fetchFundingRate
        ? (await src.fetchFundingRate(symbol)).fundingRate
        : undefined;
    let since = cursor + this.tfMs;
    for (;;) {
      const page = (await src.fetchOHLCV(symbol, this.timeframe, since, 1000)).filter(
        (r) => closed(r) && r[0] >= since,
      );
      for (const candle of page)
        this.absorb(w, processCandle(w.state, candle, { market, cfg: w.config, timeframeMs: this.tfMs, fundingRate }));
      if (page.length === 0) return;
      since = page[page.length - 1][0] + this.tfMs;
    }
  }

  private absorb(w: Working, r: PaperEvents & { state: PaperState }): void {
    w.state = r.state;
    w.fills.push(...r.fills);
    for (const id of r.changedOrderIds) w.changed.add(id);
  }

  private async quoteContext(w: Working, market: MarketInfo): Promise<QuoteContext> {
    const ticker = await this.opts.priceSource.fetchTicker(market.symbol);
    const latest = (await this.opts.priceSource.fetchOHLCV(market.symbol, this.timeframe, undefined, 3))
      .filter((r) => r[0] + this.tfMs <= w.now)
      .pop();
    return {
      market,
      cfg: w.config,
      now: w.now,
      quote: { bid: ticker.bid, ask: ticker.ask, last: ticker.last },
      liquidity: latest?.[5],
    };
  }

  /**
   * Loads the account, catches it up, runs `op`, saves: retried from scratch when another process
   * saved in between, so no change is ever applied to a stale state.
   */
  private async transact<T>(symbols: string[], op: (w: Working) => Promise<T> | T): Promise<T> {
    const attempts = this.opts.maxConflictRetries ?? 8;
    for (let attempt = 1; ; attempt++) {
      const stored: StoredAccount = await this.store.loadOrCreate(() => this.initial());
      const w: Working = {
        state: stored.state,
        config: stored.config,
        fills: [],
        changed: new Set(),
        now: await this.opts.priceSource.fetchTime(),
      };
      const involved = new Set(symbols);
      for (const o of Object.values(w.state.orders)) if (o.status === 'open') involved.add(o.symbol);
      for (const s of Object.keys(w.state.positions)) involved.add(s);
      for (const s of involved) await this.catchUp(w, s);
      const value = await op(w);
      const touched = Object.values(w.state.orders).filter((o) => w.changed.has(o.id) || o.status !== 'open');
      const unchanged = w.state === stored.state;
      if (unchanged) return value;
      try {
        await this.store.save(stored.version, pruneClosedOrders(w.state), w.config, touched, w.fills);
        return value;
      } catch (e) {
        if (!(e instanceof VersionConflict) || attempt >= attempts) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  private order(w: Working, o: { id: string }): Order {
    return toOrder(w.state.orders[o.id], w.state.quoteCurrency);
  }

  async createOrder(req: OrderRequest): Promise<Order> {
    const market = await this.market(req.symbol);
    if (req.clientOrderId && (await this.store.clientOrderIdExists(req.clientOrderId))) {
      throw new ExchangeError(
        'duplicate_order',
        ID,
        `duplicate clientOrderId "${req.clientOrderId}": an order with this id already exists`,
      );
    }
    return this.transact([req.symbol], async (w) => {
      const r = placeOrder(w.state, req, await this.quoteContext(w, market));
      this.absorb(w, r);
      return this.order(w, r.value);
    });
  }

  async createProtectionOrder(req: ProtectionOrderRequest): Promise<Order> {
    const market = await this.market(req.symbol);
    if (req.clientOrderId && (await this.store.clientOrderIdExists(req.clientOrderId))) {
      throw new ExchangeError(
        'duplicate_order',
        ID,
        `duplicate clientOrderId "${req.clientOrderId}": an order with this id already exists`,
      );
    }
    return this.transact([req.symbol], async (w) => {
      const r = placeProtectionOrder(w.state, req, await this.quoteContext(w, market));
      this.absorb(w, r);
      return this.order(w, r.value);
    });
  }

  async cancelOrder(id: string, symbol: string): Promise<Order> {
    await this.market(symbol);
    const result = await this.transact([symbol], async (w) => {
      if (!w.state.orders[id] || w.state.orders[id].symbol !== symbol) return undefined;
      const r = cancelOrder(w.state, id, w.now);
      this.absorb(w, r);
      return this.order(w, r.value);
    });
    if (result) return result;
    const stored = await this.store.findOrder({ id });
    if (stored && stored.symbol === symbol)
      throw new ExchangeError('order_not_found', ID, `order ${id} is ${stored.status}, not open: nothing to cancel`);
    throw new ExchangeError('order_not_found', ID, `order ${id} not found for ${symbol}`);
  }

  async fetchOrder(id: string, symbol: string): Promise<Order> {
    const live = await this.transact([symbol], (w) =>
      w.state.orders[id] ? this.order(w, w.state.orders[id]) : undefined,
    );
    const order = live ?? (await this.store.findOrder({ id }));
    if (!order || order.symbol !== symbol)
      throw new ExchangeError('order_not_found', ID, `order ${id} not found for ${symbol}`);
    return order;
  }

  async fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<Order | undefined> {
    const live = await this.transact([symbol], (w) => {
      const o = Object.values(w.state.orders).find((x) => x.clientOrderId === clientOrderId);
      return o ? this.order(w, o) : undefined;
    });
    const order = live ?? (await this.store.findOrder({ clientOrderId }));
    return order && order.symbol === symbol ? order : undefined;
  }

  async fetchOpenOrders(symbol?: string): Promise<Order[]> {
    return this.transact(symbol ? [symbol] : [], (w) =>
      Object.values(w.state.orders)
        .filter((o) => o.status === 'open' && (!symbol || o.symbol === symbol))
        .map((o) => this.order(w, o)),
    );
  }

  async fetchBalance(): Promise<Balances> {
    return this.transact([], (w) => balancesView(w.state));
  }

  async fetchPositions(symbols?: string[]): Promise<Position[]> {
    return this.transact(symbols ?? [], (w) => positionsView(w.state, w.config.maintenanceMarginRate, symbols));
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    const market = await this.market(symbol);
    await this.transact([symbol], (w) => {
      w.state = setLeverage(w.state, market, leverage);
    });
  }

  async setMarginMode(symbol: string, mode: MarginMode): Promise<void> {
    const market = await this.market(symbol);
    if (market.type !== 'swap')
      throw new ExchangeError(
        'not_supported',
        ID,
        `${symbol} is a spot market: margin mode applies to swap markets only`,
      );
    if (mode !== 'cross' && mode !== 'isolated')
      throw new ExchangeError('invalid_order', ID, `margin mode must be cross or isolated, got ${String(mode)}`);
    await this.transact([symbol], (w) => {
      w.state = { ...w.state, marginMode: { ...w.state.marginMode, [symbol]: mode } };
    });
  }

  /** The account's settings as stored (they travel with the account, not with the process). */
  async config(): Promise<PaperConfig> {
    return (await this.store.loadOrCreate(() => this.initial())).config;
  }

  async close(): Promise<void> {}
}
