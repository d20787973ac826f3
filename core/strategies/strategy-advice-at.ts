// What the strategy says at the last candle of a window: this candle's advice and the position it
// wants. Most strategies are event-based (a cross enters, the opposite cross exits) and say hold on
// every other candle; their desired position is what the last non-hold advice in the window asked for.
// One pass over the window: the same advice `adviseAt` gives at the last candle.
import type { CandleSeries } from '../candles/series';
import {
  adviceAt,
  allocateAdvice,
  ENTER_LONG,
  ENTER_SHORT,
  EXIT,
  HOLD,
  type Advice,
  type AdviceBuffer,
} from './advice';
import { adviseAll, adviseInto } from './advise-at';
import type { StrategyInstance } from './strategy';

export type DesiredPosition = 'long' | 'short' | 'flat';

export interface StrategyView extends Advice {
  desired: DesiredPosition;
  /** Candle open (UTC ms) of the advice that set `desired`; absent when nothing in the window did. */
  desiredSinceMs?: number;
}

// The advice buffer of the last call, reused: a cycle asks this once per candle over a window of the
// same length, and a fresh typed array per call cost more than the strategy's pass over it. Nothing
// of the buffer leaves the call. A strategy that asks for advice inside its own `advise` gets a
// fresh buffer, so the outer call's buffer is never overwritten under it.
let scratch: AdviceBuffer | undefined;
let scratchInUse = false;

/** The scratch buffer as allocateAdvice returns one: hold everywhere, no overrides. */
function cleanScratch(length: number, overrides: boolean): AdviceBuffer {
  if (!scratch || scratch.action.length !== length || (scratch.stopLossPct !== null) !== overrides) {
    scratch = allocateAdvice(length, overrides);
    return scratch;
  }
  scratch.action.fill(HOLD);
  scratch.stopLossPct?.fill(NaN);
  scratch.takeProfitPct?.fill(NaN);
  return scratch;
}

/** Undefined when the window is too short for the strategy to say anything. */
export function strategyAdviceAt(instance: StrategyInstance, series: CandleSeries): StrategyView | undefined {
  const n = series.length;
  if (n <= instance.warmup) return undefined;
  if (scratchInUse) return viewOf(adviseAll(instance, series), series);
  scratchInUse = true;
  try {
    return viewOf(adviseInto(instance, series, cleanScratch(n, Boolean(instance.overrides))), series);
  } finally {
    scratchInUse = false;
  }
}

function viewOf(buf: AdviceBuffer, series: CandleSeries): StrategyView {
  const n = series.length;
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
