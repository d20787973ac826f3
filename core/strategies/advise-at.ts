import { candleSeriesPrefix, type CandleSeries } from '../candles/series';
import { adviceAt, allocateAdvice, type Advice, type AdviceBuffer } from './advice';
import type { StrategyInstance } from './strategy';

/** Advice for every candle of a series (what the backtest uses). */
export function adviseAll(instance: StrategyInstance, series: CandleSeries): AdviceBuffer {
  return adviseInto(instance, series, allocateAdvice(series.length, instance.overrides));
}

/** The same into a buffer the caller provides, as `allocateAdvice` returns it (hold everywhere, overrides NaN). */
export function adviseInto(instance: StrategyInstance, series: CandleSeries, buf: AdviceBuffer): AdviceBuffer {
  if (buf.action.length !== series.length)
    throw new RangeError(`advice buffer length ${buf.action.length} differs from the series length ${series.length}`);
  if (instance.overrides && (buf.stopLossPct === null || buf.takeProfitPct === null))
    throw new TypeError('this strategy overrides stop/take levels: its advice buffer needs override arrays');
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
