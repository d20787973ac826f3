import { candleSeriesPrefix, type CandleSeries } from '../candles/series';
import { adviceAt, allocateAdvice, type Advice, type AdviceBuffer } from './advice';
import type { StrategyInstance } from './strategy';

/** Advice for every candle of a series (what the backtest uses). */
export function adviseAll(instance: StrategyInstance, series: CandleSeries): AdviceBuffer {
  const buf = allocateAdvice(series.length, instance.overrides);
  instance.advise(series, buf);
  return buf;
}

/**
 * The advice at candle `index`, computed from candles 0..index only: the strategy is handed a
 * prefix view, so it cannot look ahead even by mistake. Live/paper code calls this with the last
 * closed candle of its rolling window.
 */
export function adviseAt(instance: StrategyInstance, series: CandleSeries, index: number): Advice {
  if (!Number.isInteger(index) || index < 0 || index >= series.length) {
    throw new RangeError(`candle index ${index} outside 0..${series.length - 1}`);
  }
  const prefix = candleSeriesPrefix(series, index + 1);
  return adviceAt(adviseAll(instance, prefix), index);
}
