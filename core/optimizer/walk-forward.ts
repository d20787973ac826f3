import { OptimizerInputError } from './optimizer-errors';

/** A half-open time range [from, to) in UTC milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

export interface WalkForwardPlan {
  train: TimeWindow;
  /** Consecutive out-of-sample windows after the training window; no candle is in two of them. */
  oos: TimeWindow[];
}

const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : String(t));

/**
 * Training on [trainFrom, trainTo), then `windows` equal out-of-sample windows covering
 * [trainTo, oosTo), each at least `minWindowMs` long (so every window holds enough candles).
 */
export function walkForwardPlan(
  trainFrom: number,
  trainTo: number,
  oosTo: number,
  windows: number,
  minWindowMs = 0,
): WalkForwardPlan {
  for (const [name, v] of [
    ['train-from', trainFrom],
    ['train-to', trainTo],
    ['oos-to', oosTo],
  ] as const) {
    if (!Number.isFinite(v)) throw new OptimizerInputError(`${name} is not a valid time`);
  }
  if (trainFrom >= trainTo)
    throw new OptimizerInputError(`the training window is empty or inverted: ${iso(trainFrom)} .. ${iso(trainTo)}`);
  if (trainTo >= oosTo)
    throw new OptimizerInputError(`the out-of-sample window is empty or inverted: ${iso(trainTo)} .. ${iso(oosTo)}`);
  if (!Number.isInteger(windows) || windows < 1)
    throw new OptimizerInputError(`out-of-sample windows must be an integer >= 1, got ${windows}`);
  const len = (oosTo - trainTo) / windows;
  if (len < minWindowMs) {
    throw new OptimizerInputError(
      `each of the ${windows} out-of-sample windows would be ${Math.floor(len / 3_600_000)} h long, shorter than the ${Math.ceil(minWindowMs / 3_600_000)} h needed`,
    );
  }
  const oos: TimeWindow[] = [];
  for (let i = 0; i < windows; i++) {
    oos.push({
      from: Math.round(trainTo + i * len),
      to: i === windows - 1 ? oosTo : Math.round(trainTo + (i + 1) * len),
    });
  }
  return { train: { from: trainFrom, to: trainTo }, oos };
}

/** Windows that end at `now`: `trainDays` of training followed by `oosDays` of out-of-sample, as the nightly review uses. */
export function trailingPlan(
  now: number,
  trainDays: number,
  oosDays: number,
  windows: number,
  timeframeMs: number,
): WalkForwardPlan {
  const day = 86_400_000;
  // Whole candles only: the last still-open candle never enters an evaluation.
  const end = Math.floor(now / timeframeMs) * timeframeMs;
  const trainTo = end - oosDays * day;
  return walkForwardPlan(trainTo - trainDays * day, trainTo, end, windows);
}
