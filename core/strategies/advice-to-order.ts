import { ENTER_LONG, ENTER_SHORT, EXIT, type Advice, adviceCode } from './advice';

/**
 * The one advice → order translation shared by the backtest engine, paper and live trading.
 * Position: 1 long, −1 short, 0 flat. Entering the side already held does nothing (no pyramiding);
 * entering the other side closes and reverses; exit closes; exit while flat does nothing.
 */
export const ORDER_NONE = 0;
export const ORDER_OPEN_LONG = 1;
export const ORDER_OPEN_SHORT = 2;
export const ORDER_CLOSE = 3;
export const ORDER_REVERSE_TO_LONG = 4;
export const ORDER_REVERSE_TO_SHORT = 5;

// Imported bindings compile to getters on the module object; this runs in the backtest's hot loop.
const LONG = ENTER_LONG;
const SHORT = ENTER_SHORT;
const OUT = EXIT;

export function orderForAdvice(advice: number, position: number): number {
  if (advice === LONG) return position === 0 ? ORDER_OPEN_LONG : position < 0 ? ORDER_REVERSE_TO_LONG : ORDER_NONE;
  if (advice === SHORT) return position === 0 ? ORDER_OPEN_SHORT : position > 0 ? ORDER_REVERSE_TO_SHORT : ORDER_NONE;
  if (advice === OUT) return position !== 0 ? ORDER_CLOSE : ORDER_NONE;
  return ORDER_NONE;
}

export type PositionSideName = 'long' | 'short' | 'flat';
export interface OrderIntent {
  /** Close the current position first (market). */
  close: boolean;
  /** Then open this side (market), or nothing. */
  open: 'long' | 'short' | null;
  stopLossPct?: number;
  takeProfitPct?: number;
}

/** The same translation for callers holding objects (live/paper): what to do at the next open. */
export function orderIntentForAdvice(advice: Advice, position: PositionSideName): OrderIntent {
  const pos = position === 'long' ? 1 : position === 'short' ? -1 : 0;
  const o = orderForAdvice(adviceCode(advice.action), pos);
  const close = o === ORDER_CLOSE || o === ORDER_REVERSE_TO_LONG || o === ORDER_REVERSE_TO_SHORT;
  const open =
    o === ORDER_OPEN_LONG || o === ORDER_REVERSE_TO_LONG
      ? 'long'
      : o === ORDER_OPEN_SHORT || o === ORDER_REVERSE_TO_SHORT
        ? 'short'
        : null;
  const intent: OrderIntent = { close, open };
  if (open && advice.stopLossPct !== undefined) intent.stopLossPct = advice.stopLossPct;
  if (open && advice.takeProfitPct !== undefined) intent.takeProfitPct = advice.takeProfitPct;
  return intent;
}
