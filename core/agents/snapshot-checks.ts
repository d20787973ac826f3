// Guards every agent runs on its input, so a snapshot built with lookahead or garbage fails loudly
// instead of producing a confident signal.
import { timeframeToMs } from '../candles/timeframe';
import type { CandleSeriesLike, MarketSnapshot } from './snapshot';

/** Throws if the series holds a candle that had not closed at `time` (its open + timeframe > time). */
export function assertClosedBy(series: CandleSeriesLike, timeframe: string, time: number, label: string): void {
  if (series.length === 0) return;
  const last = series.time[series.length - 1];
  const closesAt = last + timeframeToMs(timeframe);
  if (closesAt > time) {
    throw new Error(
      `${label}: candles["${timeframe}"] holds a candle opening at ${new Date(last).toISOString()} that closes at ` +
        `${new Date(closesAt).toISOString()}, after the snapshot time ${new Date(time).toISOString()} (lookahead)`,
    );
  }
}

export function assertSnapshotBasics(snapshot: MarketSnapshot, label: string): void {
  if (!Number.isFinite(snapshot.time))
    throw new Error(`${label}: snapshot.time must be UTC milliseconds, got ${String(snapshot.time)}`);
  if (!snapshot.symbol) throw new Error(`${label}: snapshot.symbol is empty`);
}
