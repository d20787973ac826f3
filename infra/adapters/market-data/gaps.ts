// Missing candles in a stored series: consecutive stored candles further apart than one timeframe.
export interface CandleGap {
  /** Open time of the first missing candle. */
  from: number;
  /** Open time of the last missing candle. */
  to: number;
  missing: number;
}

export function findGaps(times: ArrayLike<number>, timeframeMs: number): CandleGap[] {
  const gaps: CandleGap[] = [];
  for (let i = 1; i < times.length; i++) {
    const step = times[i] - times[i - 1];
    if (step > timeframeMs)
      gaps.push({
        from: times[i - 1] + timeframeMs,
        to: times[i] - timeframeMs,
        missing: Math.round(step / timeframeMs) - 1,
      });
  }
  return gaps;
}
