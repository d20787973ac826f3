import { timeframeToMs } from './timeframe';

/** The timeframes a session's snapshot can be built from, shortest first. */
export const TIMEFRAME_LADDER = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '1w'];

/**
 * The next rung of the ladder that a whole number of `timeframe` candles adds up to: what the
 * market agent reads its higher trend from. Undefined above the top rung.
 */
export function higherTimeframeOf(timeframe: string): string | undefined {
  const ms = timeframeToMs(timeframe);
  return TIMEFRAME_LADDER.find((tf) => timeframeToMs(tf) > ms && timeframeToMs(tf) % ms === 0);
}

/** The ladder's name of a candle spacing (e.g. 60 000 → 1m); undefined when no rung has it. */
export function ladderTimeframeOf(timeframeMs: number): string | undefined {
  return TIMEFRAME_LADDER.find((tf) => timeframeToMs(tf) === timeframeMs);
}
