// State and settings of a paper account. Everything here is plain JSON so the account can be
// stored as one Json column and reloaded by any worker.
import type { Fill, MarginMode, OrderSide, OrderStatus } from '../exchange/types';

export interface PaperConfig {
  /** Market fills pay this much worse than the reference price (against the taker). */
  slippageBps: number;
  /** An order takes at most this share of one candle's volume; the rest waits for later candles. */
  volumeShare: number;
  /** Fraction of notional below which a leveraged position is liquidated. */
  maintenanceMarginRate: number;
  fundingIntervalMs: number;
  defaultLeverage: number;
  /** Overrides the market's maker/taker rates when set. */
  fees?: { maker: number; taker: number };
}

export const DEFAULT_PAPER_CONFIG: PaperConfig = {
  slippageBps: 5,
  volumeShare: 0.1,
  maintenanceMarginRate: 0.005,
  fundingIntervalMs: 8 * 3_600_000,
  defaultLeverage: 1,
};

export type PaperOrderType = 'market' | 'limit' | 'stop_market' | 'take_profit_market' | 'trailing_stop_market';

export interface PaperOrder {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  type: PaperOrderType;
  status: OrderStatus;
  price?: number;
  /** For `trailing_stop_market`, the current level: it ratchets after every candle (core/paper/candle.ts). */
  triggerPrice?: number;
  /** `trailing_stop_market` only: percent the trigger trails the best price by. */
  trailingPercent?: number;
  amount: number;
  filled: number;
  cost: number;
  fee: number;
  reduceOnly: boolean;
  timeInForce?: 'GTC' | 'IOC' | 'FOK' | 'PO';
  timestamp: number;
  updatedAt: number;
  fills: Fill[];
  /** Funds held for this open order, in `reservedCurrency`. */
  reserved: number;
  reservedCurrency?: string;
  /** Why the venue closed it without a full fill (e.g. insufficient funds at fill time). */
  reason?: string;
}

export interface PaperPosition {
  symbol: string;
  /** Signed size in base units: positive long, negative short (one-way mode). */
  contracts: number;
  entryPrice: number;
  markPrice: number;
  leverage: number;
  marginMode: MarginMode;
  openedAt: number;
}

export interface PaperState {
  quoteCurrency: string;
  /** Wallet balance per currency (spot holdings, and the quote wallet that margins perps). */
  balances: Record<string, number>;
  positions: Record<string, PaperPosition>;
  leverage: Record<string, number>;
  marginMode: Record<string, MarginMode>;
  /** Open orders, plus orders that changed since the persistence layer last flushed them. */
  orders: Record<string, PaperOrder>;
  nextOrderSeq: number;
  /** Order ids are `${orderIdPrefix}-${seq}`: unique across accounts that share one order table. */
  orderIdPrefix: string;
  /** Open time of the last candle applied per symbol: a candle is never applied twice. */
  cursor: Record<string, number>;
  lastFundingTime: Record<string, number>;
  /** Losses beyond the wallet on liquidation, absorbed like a venue's insurance fund. */
  badDebt: number;
}

export interface PaperFillEvent extends Fill {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  realizedPnl: number;
}

export interface FundingEvent {
  symbol: string;
  time: number;
  rate: number;
  markPrice: number;
  /** Signed payment to the account (negative = paid). */
  amount: number;
}

/** What an engine operation produced besides the new state. */
export interface PaperEvents {
  fills: PaperFillEvent[];
  funding: FundingEvent[];
  /** Orders created or changed by the operation (ids into state.orders). */
  changedOrderIds: string[];
}

export interface PaperResult<T = undefined> extends PaperEvents {
  state: PaperState;
  value: T;
}
