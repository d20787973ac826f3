// Guards every agent runs on its input, so a snapshot built with lookahead or garbage fails loudly
// instead of producing a confident signal.
import { timeframeToMs } from '../candles/timeframe';
import type { IntelView } from '../intel/intel-view';
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

const isoOf = (ms: number) => new Date(ms).toISOString();

/**
 * Throws if the view holds anything not yet known at `time`: a view for a later instant, a value
 * whose knownAt is after it, or a headline published or learned after it. buildIntelTimeline never
 * gives one; a hand-built or corrupted view must fail as loudly as a future candle does.
 */
export function assertIntelKnownBy(view: IntelView, time: number, label: string): void {
  if (view.asOf > time)
    throw new Error(
      `${label}: intel view is as of ${isoOf(view.asOf)}, after the snapshot time ${isoOf(time)} (lookahead)`,
    );
  for (const [id, points] of Object.entries(view.series)) {
    for (const p of points ?? []) {
      if (p.knownAt > time || p.observedAt > time)
        throw new Error(
          `${label}: intel series ${id} holds a value for ${isoOf(p.observedAt)} known at ${isoOf(p.knownAt)}, ` +
            `after the snapshot time ${isoOf(time)} (lookahead)`,
        );
    }
  }
  for (const h of view.headlines) {
    if (h.knownAt > time || h.publishedAt > time)
      throw new Error(
        `${label}: intel headline from ${h.source} published ${isoOf(h.publishedAt)}, known ${isoOf(h.knownAt)}, ` +
          `after the snapshot time ${isoOf(time)} (lookahead)`,
      );
  }
}
