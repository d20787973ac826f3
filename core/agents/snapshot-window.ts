// How much of the market a cycle's snapshot reads, and the ATR its risk step sizes with: one set of
// numbers for the snapshot activity and the pipeline backtest, whose decisions agree only while they
// read the same windows.
import type { CandleSeries } from '../candles/series';
import { Atr } from '../indicators/atr';

export const SNAPSHOT_WINDOW = {
  /** Candles of the session's timeframe. */
  main: 300,
  /** Candles of the next timeframe up. */
  higher: 120,
  /** Order book levels per side. */
  bookLevels: 50,
} as const;

const ATR_PERIOD = 14;

/** Eight decimals: what the summary shows and the risk step reads (no 17-digit floats in the UI). */
export const round8 = (x: number) => Math.round(x * 1e8) / 1e8;

/** The ATR of the window's last candle, for volatility sizing; null before it is ready. */
export function snapshotAtr(s: CandleSeries): number | null {
  const atr = new Atr(ATR_PERIOD);
  for (let i = 0; i < s.length; i++)
    atr.update({ high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i] });
  return atr.isReady ? round8(atr.value) : null;
}
