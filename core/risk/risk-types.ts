import type { DecisionAction } from '../coordinator/decision';
import type { PositionSide } from '../exchange/types';
import type { VenueLimits } from './venue-limits';

export interface RiskAccount {
  equity: number;
  /** Free quote balance (margin available). */
  cash: number;
  /** Equity at the start of the UTC trading day; the daily-loss limit is measured against it. */
  dayStartEquity: number;
  realizedPnlToday: number;
  unrealizedPnlToday: number;
}

export interface RiskOpenPosition {
  symbol: string;
  side: PositionSide;
  /** Base units, > 0. */
  quantity: number;
  entryPrice: number;
  markPrice?: number;
  leverage?: number;
}

/** The strategy's recorded track record, for Kelly sizing. */
export interface StrategyStats {
  /** 0..1 share of winning trades. */
  winRate: number;
  /** Average win / average loss (> 0). */
  payoffRatio: number;
  tradeCount: number;
}

/** A scheduled-event window in force at decision time (the MacroAgent's `data.eventWindow`). */
export interface MacroWindowInfo {
  kind: string;
  eventTime?: string | number;
}

export interface RiskInput {
  decision: { action: DecisionAction; confidence?: number };
  symbol: string;
  account: RiskAccount;
  openPositions: RiskOpenPosition[];
  /** Expected fill price for the order. */
  price: number;
  /** Average true range on the session timeframe, in price units. */
  atr?: number;
  strategyStats?: StrategyStats;
  /** The crowd is one-sided (SentimentAgent's `data.extreme`). */
  sentimentExtreme?: boolean;
  macroWindow?: MacroWindowInfo | null;
  /** Defaults to 1. */
  requestedLeverage?: number;
  /** Base units the caller would like; default: the largest size the rules allow. */
  requestedQuantity?: number;
  /**
   * The strategy's own stop/take distances (core/strategies Advice overrides), in percent. The stop
   * may only be tighter than the stop_loss_pct limit: a wider one is capped at the limit.
   */
  protection?: { stopLossPct?: number; takeProfitPct?: number };
  /** Spot markets cannot open shorts. Defaults to true. */
  allowShort?: boolean;
  /**
   * The venue's amount step and minimums (venueLimitsOf(market)). With them every approved size is
   * on the step and above the minimums, checked at `price`; without them sizes are not rounded.
   */
  venue?: VenueLimits;
}

export type RiskIntent = 'open_long' | 'open_short' | 'close_long' | 'close_short' | 'none';

export interface RiskVerdict {
  verdict: 'approve' | 'resize' | 'veto';
  intent: RiskIntent;
  side: 'buy' | 'sell' | null;
  /** Exits are reduce-only orders: they can only shrink a position. */
  reduceOnly: boolean;
  quantity: number;
  notional: number;
  stopLoss: number | null;
  takeProfit: number | null;
  leverage: number;
  reasons: string[];
  /** Daily loss limit breached: the session must flatten and pause. */
  killSwitch: boolean;
  /** Every size limit that was computed, for the decision trace. */
  sizing: Record<string, number | null>;
}
