// What one trading cycle sees at decision time t. Built by an activity from exchange data; agents,
// the coordinator and the risk policy read only this, so backtest, paper and live share one path.
import type { CandleSeries } from '../candles/series';
import type { Advice } from '../strategies/advice';
import type { FundingRate, LongShortRatio, OrderBook, PositionSide, Ticker } from '../exchange/types';
import type { IntelView } from '../intel/intel-view';

/**
 * Candles per timeframe, time = candle open in UTC ms. Holds ONLY candles closed at or before the
 * snapshot's time: no lookahead (agents check it).
 */
export type CandleSeriesLike = CandleSeries;

/** Open interest now and one period earlier, so agents can read its change. */
export interface OpenInterestChange {
  current: number;
  previous: number;
  /** ms between the two readings; informative only. */
  intervalMs?: number;
}

export type StrategyAdviceAction = Advice['action'];

/**
 * The session strategy's advice at the snapshot's candle (core/strategies' `Advice`, computed by the
 * code the backtester runs), optionally graded.
 */
export interface StrategyAdvice extends Advice {
  /** 0..1, how strongly the strategy means it; absent means the strategy does not grade its advice. */
  strength?: number;
  reason?: string;
  /** The position the strategy wants (its last entry or exit in the window); absent: unknown. */
  desired?: 'long' | 'short' | 'flat';
  /** Candle open (UTC ms) of the advice that set `desired`. */
  desiredSinceMs?: number;
}

export interface SnapshotPosition {
  side: PositionSide;
  quantity: number;
  entryPrice: number;
}

export interface MarketSnapshot {
  exchange: string;
  symbol: string;
  /** The session's main timeframe, a key of `candles`. */
  timeframe: string;
  /** Decision time: close of the latest main-timeframe candle, UTC ms. */
  time: number;
  candles: Record<string, CandleSeriesLike>;
  ticker?: Ticker;
  orderBook?: Pick<OrderBook, 'bids' | 'asks'>;
  fundingRate?: Pick<FundingRate, 'fundingRate'> & Partial<FundingRate>;
  openInterest?: OpenInterestChange;
  longShortRatio?: Pick<LongShortRatio, 'longShortRatio'> & Partial<LongShortRatio>;
  position?: SnapshotPosition;
  account: { equity: number; cash: number };
  strategyAdvice?: StrategyAdvice;
  /**
   * On-chain, sentiment and macro series and headlines known at `time` (asOf = time); absent when no
   * intelligence could be read. Holds nothing known after `time`: agents check it (assertIntelKnownBy).
   */
  intel?: IntelView;
}
