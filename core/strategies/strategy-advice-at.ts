// What the strategy says at the last candle of a window: this candle's advice and the position it
// wants. Most strategies are event-based (a cross enters, the opposite cross exits) and say hold on
// every other candle; their desired position is what the last non-hold advice in the window asked for.
// One pass over the window: the same advice `adviseAt` gives at the last candle.
import type { CandleSeries } from '../candles/series';
import { adviceAt, ENTER_LONG, ENTER_SHORT, EXIT, HOLD, type Advice } from './advice';
import { adviseAll } from './advise-at';
import type { StrategyInstance } from './strategy';

export type DesiredPosition = 'long' | 'short' | 'flat';

export interface StrategyView extends Advice {
  desired: DesiredPosition;
  /** Candle open (UTC ms) of the advice that set `desired`; absent when nothing in the window did. */
  desiredSinceMs?: number;
}

/** Undefined when the window is too short for the strategy to say anything. */
export function strategyAdviceAt(instance: StrategyInstance, series: CandleSeries): StrategyView | undefined {
  const n = series.length;
  if (n <= instance.warmup) return undefined;
  const buf = adviseAll(instance, series);
  const now = adviceAt(buf, n - 1);
  let desired: DesiredPosition = 'flat';
  let since: number | undefined;
  for (let i = n - 1; i >= 0; i--) {
    const a = buf.action[i];
    if (a === HOLD) continue;
    desired = a === ENTER_LONG ? 'long' : a === ENTER_SHORT ? 'short' : a === EXIT ? 'flat' : desired;
    since = series.time[i];
    break;
  }
  return since === undefined ? { ...now, desired } : { ...now, desired, desiredSinceMs: since };
}
