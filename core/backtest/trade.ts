export type ExitReason = 'signal' | 'stop_loss' | 'take_profit' | 'end' | 'trailing_stop';
/** Indexed by the REASON_ codes the engine records (TradeColumns.reason). */
export const EXIT_REASONS: readonly ExitReason[] = ['signal', 'stop_loss', 'take_profit', 'end', 'trailing_stop'];
export const REASON_SIGNAL = 0;
export const REASON_STOP = 1;
export const REASON_TAKE = 2;
export const REASON_END = 3;
export const REASON_TRAIL = 4;

/** A closed round trip. Times are UTC ms of the fill candles' opens (exit: the candle it happened in). */
export interface Trade {
  side: 'long' | 'short';
  entryTime: number;
  exitTime: number;
  entryIndex: number;
  exitIndex: number;
  entryPrice: number;
  exitPrice: number;
  quantity: number;
  /** Net of both fees and of funding. */
  pnl: number;
  fees: number;
  funding: number;
  exitReason: ExitReason;
}
