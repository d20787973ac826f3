// The ExchangePlugin contract: what every venue adapter (ccxt-backed, paper, sim) offers.
// Shapes follow ccxt's unified API so a CcxtExchange is a thin mapping, while paper and sim
// venues can implement it without ccxt.
import { DomainError, type DomainErrorCode } from '../errors';

export type MarketType = 'spot' | 'swap';
export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
export type OrderStatus = 'open' | 'closed' | 'canceled' | 'rejected' | 'expired';
export type PositionSide = 'long' | 'short';
export type MarginMode = 'isolated' | 'cross';

/** Like ccxt's `has`: which optional parts of the contract a venue supports. */
export interface ExchangeCapabilities {
  fetchOHLCV: boolean;
  fetchOrderBook: boolean;
  fetchTicker: boolean;
  fetchFundingRate: boolean;
  fetchOpenInterest: boolean;
  fetchLongShortRatio: boolean;
  fetchBalance: boolean;
  fetchPositions: boolean;
  createOrder: boolean;
  cancelOrder: boolean;
  fetchOrder: boolean;
  fetchOpenOrders: boolean;
  setLeverage: boolean;
  setMarginMode: boolean;
  stopLossOrders: boolean;
  takeProfitOrders: boolean;
  /** The venue keeps a trailing stop itself (ProtectionOrderRequest kind `trailing_stop`); without it a session must. */
  trailingStopOrders: boolean;
  reduceOnly: boolean;
  clientOrderId: boolean;
  sandbox: boolean;
}

/** [time(ms, candle open UTC), open, high, low, close, volume] — ccxt's OHLCV row. */
export type OHLCVRow = [number, number, number, number, number, number];

export interface MarketInfo {
  symbol: string; // unified, e.g. BTC/USDT or BTC/USDT:USDT
  id: string; // venue id, e.g. BTCUSDT
  base: string;
  quote: string;
  settle?: string;
  type: MarketType;
  contractSize?: number;
  active: boolean;
  precision: { amount: number; price: number }; // step sizes (TICK_SIZE mode), e.g. 0.001
  limits: {
    amount: { min?: number; max?: number };
    price: { min?: number; max?: number };
    cost: { min?: number; max?: number }; // minimum notional
    leverage?: { min?: number; max?: number };
  };
  maker: number;
  taker: number;
}

export interface Ticker {
  symbol: string;
  timestamp: number;
  bid?: number;
  ask?: number;
  last: number;
  high?: number;
  low?: number;
  baseVolume?: number;
  quoteVolume?: number;
}

export interface OrderBook {
  symbol: string;
  timestamp: number;
  bids: [number, number][]; // [price, amount], best first
  asks: [number, number][];
}

export interface FundingRate {
  symbol: string;
  timestamp: number;
  fundingRate: number; // per funding interval, fraction
  nextFundingTime?: number;
  markPrice?: number;
  indexPrice?: number;
}

export interface OpenInterest {
  symbol: string;
  timestamp: number;
  openInterestAmount?: number;
  openInterestValue?: number;
}

export interface LongShortRatio {
  symbol: string;
  timestamp: number;
  longShortRatio: number;
}

export interface Balance {
  currency: string;
  free: number;
  used: number;
  total: number;
}

export type Balances = Record<string, Balance>;

export interface Position {
  symbol: string;
  side: PositionSide;
  contracts: number; // size in base units (or contracts × contractSize already applied)
  entryPrice: number;
  markPrice?: number;
  leverage: number;
  marginMode: MarginMode;
  unrealizedPnl: number;
  liquidationPrice?: number;
  initialMargin?: number;
  timestamp: number;
}

export interface OrderRequest {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  amount: number;
  price?: number; // required for limit
  clientOrderId: string; // always set by us: derived from the workflow id, makes retries idempotent
  reduceOnly?: boolean;
  timeInForce?: 'GTC' | 'IOC' | 'FOK' | 'PO';
  /** For market orders on venues without true market orders (Hyperliquid): max slippage fraction. */
  maxSlippage?: number;
}

/** Exchange-side protection order: stop-loss, take-profit or trailing stop that triggers on price. */
export interface ProtectionOrderRequest {
  symbol: string;
  kind: 'stop_loss' | 'take_profit' | 'trailing_stop';
  side: OrderSide; // side of the closing order
  amount: number;
  /** For `trailing_stop`, the initial level (the venue then ratchets it, see core/exits/trailing-stop). */
  triggerPrice: number;
  /** `trailing_stop` only, and required there: percent the trigger trails the best price by (ccxt's `trailingPercent`). */
  trailingPercent?: number;
  clientOrderId: string;
  reduceOnly: true;
}

export interface Fill {
  price: number;
  amount: number;
  fee: number;
  feeCurrency: string;
  takerOrMaker: 'taker' | 'maker';
  timestamp: number;
}

export interface Order {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  type: OrderType | 'stop_market' | 'take_profit_market' | 'trailing_stop_market';
  status: OrderStatus;
  price?: number;
  /** A trailing stop's current level. */
  triggerPrice?: number;
  trailingPercent?: number;
  amount: number;
  filled: number;
  remaining: number;
  average?: number;
  cost: number;
  fee: { cost: number; currency: string };
  reduceOnly: boolean;
  timestamp: number;
  fills?: Fill[];
}

export interface ExchangePlugin {
  readonly id: string; // ccxt id, or 'paper' / 'sim'
  readonly marketType: MarketType;
  readonly has: ExchangeCapabilities;

  loadMarkets(reload?: boolean): Promise<Record<string, MarketInfo>>;
  market(symbol: string): Promise<MarketInfo>;
  /** Venue clock, UTC ms. SimExchange returns its simulated clock. */
  fetchTime(): Promise<number>;
  /**
   * Only on a stepped sim (a replay that moves when its session asks, not with wall time): moves the
   * clock to the close after `afterCloseMs` (or after now) on `timeframeMs`, never backwards and never
   * past the replay's end, and returns the clock. Idempotent for the same `afterCloseMs`.
   */
  advanceClock?(timeframeMs: number, afterCloseMs?: number): Promise<number>;
  timeframes(): string[];

  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<OHLCVRow[]>;
  /** Every candle with open time in [since, until), fetched page by page (ccxt-backed plugins). */
  fetchOHLCVRange?(
    symbol: string,
    timeframe: string,
    since: number,
    until?: number,
    limit?: number,
  ): Promise<OHLCVRow[]>;
  fetchOrderBook(symbol: string, limit?: number): Promise<OrderBook>;
  fetchTicker(symbol: string): Promise<Ticker>;
  fetchFundingRate(symbol: string): Promise<FundingRate>;
  fetchOpenInterest?(symbol: string): Promise<OpenInterest>;
  fetchLongShortRatio?(symbol: string): Promise<LongShortRatio>;

  fetchBalance(): Promise<Balances>;
  fetchPositions(symbols?: string[]): Promise<Position[]>;
  createOrder(req: OrderRequest): Promise<Order>;
  createProtectionOrder(req: ProtectionOrderRequest): Promise<Order>;
  cancelOrder(id: string, symbol: string): Promise<Order>;
  fetchOrder(id: string, symbol: string): Promise<Order>;
  /** Looks an order up by our clientOrderId: how a retried activity finds an order it already placed. */
  fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<Order | undefined>;
  fetchOpenOrders(symbol?: string): Promise<Order[]>;
  setLeverage(symbol: string, leverage: number): Promise<void>;
  setMarginMode?(symbol: string, mode: MarginMode): Promise<void>;

  amountToPrecision(symbol: string, amount: number): Promise<number>;
  priceToPrecision(symbol: string, price: number): Promise<number>;

  close(): Promise<void>;
}

/** Errors every plugin throws, so callers (activities) decide retry once. */
export type ExchangeErrorKind =
  | 'network' // retryable: RequestTimeout, RateLimitExceeded, DDoSProtection, ExchangeNotAvailable, NetworkError
  | 'insufficient_funds'
  | 'invalid_order'
  | 'bad_symbol'
  | 'authentication'
  | 'permission_denied'
  | 'order_not_found'
  | 'duplicate_order'
  | 'not_supported'
  | 'exchange'; // any other venue error: non-retryable

/** A venue that could not be reached is unavailable; any other answer of its is a rejection. */
export class ExchangeError extends DomainError {
  constructor(
    readonly kind: ExchangeErrorKind,
    readonly exchange: string,
    message: string,
    readonly retryable: boolean = kind === 'network',
  ) {
    super(message);
    this.name = `ExchangeError(${kind})`;
  }

  get code(): DomainErrorCode {
    return this.kind === 'network' ? 'unavailable' : 'venue_rejected';
  }
}
