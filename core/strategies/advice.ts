/**
 * What a strategy says at a candle's close. Numeric codes are what the backtest hot loop reads from
 * an Int8Array; `Advice` is the same thing as an object for live/paper code and reports.
 */
export const HOLD = 0;
export const ENTER_LONG = 1;
export const ENTER_SHORT = 2;
export const EXIT = 3;
export type AdviceCode = typeof HOLD | typeof ENTER_LONG | typeof ENTER_SHORT | typeof EXIT;

export type AdviceAction = 'hold' | 'enter_long' | 'enter_short' | 'exit';
const ACTIONS: readonly AdviceAction[] = ['hold', 'enter_long', 'enter_short', 'exit'];

export interface Advice {
  action: AdviceAction;
  /** Overrides the run's stop-loss distance (percent of the entry fill) for the position this opens. */
  stopLossPct?: number;
  takeProfitPct?: number;
}

/** Advice for every candle of a series: index i is the advice at candle i's close. */
export interface AdviceBuffer {
  readonly action: Int8Array;
  /** NaN = no override. Null when the strategy never overrides (keeps the hot loop lean). */
  readonly stopLossPct: Float64Array | null;
  readonly takeProfitPct: Float64Array | null;
}

export function allocateAdvice(length: number, overrides = false): AdviceBuffer {
  return {
    action: new Int8Array(length),
    stopLossPct: overrides ? new Float64Array(length).fill(NaN) : null,
    takeProfitPct: overrides ? new Float64Array(length).fill(NaN) : null,
  };
}

export function adviceAt(buf: AdviceBuffer, i: number): Advice {
  const a: Advice = { action: ACTIONS[buf.action[i]] };
  const sl = buf.stopLossPct ? buf.stopLossPct[i] : NaN;
  const tp = buf.takeProfitPct ? buf.takeProfitPct[i] : NaN;
  if (sl === sl) a.stopLossPct = sl;
  if (tp === tp) a.takeProfitPct = tp;
  return a;
}

export function adviceCode(action: AdviceAction): AdviceCode {
  return ACTIONS.indexOf(action) as AdviceCode;
}
