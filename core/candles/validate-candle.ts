import { CandleDataError } from './candle-error';
import { candleAt, type Candle, type CandleSeries } from './series';

const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Rejects a candle that cannot have happened: non-finite values, high below low, open/close outside
 * the high-low range, negative volume, or a time not after the previous candle's.
 */
export function validateCandle(c: Candle, previousTime: number | undefined, where: string): void {
  if (!Number.isFinite(c.time)) throw new CandleDataError(where, `time is not a valid timestamp`);
  for (const f of FIELDS) {
    if (!Number.isFinite(c[f])) throw new CandleDataError(where, `${f} ${String(c[f])} is not a finite number`);
  }
  if (c.low <= 0) throw new CandleDataError(where, `low ${c.low} must be positive`);
  if (c.high < c.low) throw new CandleDataError(where, `high ${c.high} is below low ${c.low}`);
  if (c.open < c.low || c.open > c.high)
    throw new CandleDataError(where, `open ${c.open} is outside low..high ${c.low}..${c.high}`);
  if (c.close < c.low || c.close > c.high)
    throw new CandleDataError(where, `close ${c.close} is outside low..high ${c.low}..${c.high}`);
  if (c.volume < 0) throw new CandleDataError(where, `volume ${c.volume} is negative`);
  if (previousTime !== undefined && !(c.time > previousTime)) {
    throw new CandleDataError(
      where,
      `time ${new Date(c.time).toISOString()} is not after the previous candle's ${new Date(previousTime).toISOString()}`,
    );
  }
}

/** Every candle of a series read back from storage, each against the one before it. */
export function validateCandleSeries(series: CandleSeries): void {
  for (let i = 0; i < series.length; i++) {
    const c = candleAt(series, i);
    validateCandle(c, i > 0 ? series.time[i - 1] : undefined, `candle ${new Date(c.time).toISOString()}`);
  }
}
