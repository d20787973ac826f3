import * as ind from '../../../core/indicators';
import type { CandleInput, Indicator } from '../../../core/indicators';
import * as ref from './naive-reference';

type Arrays = { high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array };

/** One indicator under the shared contract: how to stream it, batch it, and what the reference says. */
export interface IndicatorCase {
  name: string;
  /** Index of the first defined value (TA-Lib's lookback). */
  lookback: number;
  stream(): { ind: Indicator<any>; feed(c: CandleInput): void; outputs(): number[] };
  batch(a: Arrays): Float64Array[];
  reference(c: ref.Hlcv): number[][];
}

function onClose(make: () => Indicator<number>, extra: (i: any) => number[] = (i) => [i.value]) {
  return () => {
    const i = make();
    return { ind: i, feed: (c: CandleInput) => void i.update(c.close), outputs: () => extra(i) };
  };
}
function onCandle(make: () => Indicator<CandleInput>, extra: (i: any) => number[] = (i) => [i.value]) {
  return () => {
    const i = make();
    return { ind: i, feed: (c: CandleInput) => void i.update(c), outputs: () => extra(i) };
  };
}

export const indicatorCases: IndicatorCase[] = [
  {
    name: 'SMA(5)',
    lookback: 4,
    stream: onClose(() => new ind.Sma(5)),
    batch: (a) => [ind.sma(a.close, 5)],
    reference: (c) => [ref.refSma(c.close, 5)],
  },
  {
    name: 'SMA(1)',
    lookback: 0,
    stream: onClose(() => new ind.Sma(1)),
    batch: (a) => [ind.sma(a.close, 1)],
    reference: (c) => [ref.refSma(c.close, 1)],
  },
  {
    name: 'EMA(10)',
    lookback: 9,
    stream: onClose(() => new ind.Ema(10)),
    batch: (a) => [ind.ema(a.close, 10)],
    reference: (c) => [ref.refEma(c.close, 10)],
  },
  {
    name: 'EMA(1)',
    lookback: 0,
    stream: onClose(() => new ind.Ema(1)),
    batch: (a) => [ind.ema(a.close, 1)],
    reference: (c) => [ref.refEma(c.close, 1)],
  },
  {
    name: 'WMA(7)',
    lookback: 6,
    stream: onClose(() => new ind.Wma(7)),
    batch: (a) => [ind.wma(a.close, 7)],
    reference: (c) => [ref.refWma(c.close, 7)],
  },
  {
    name: 'RSI(14)',
    lookback: 14,
    stream: onClose(() => new ind.Rsi(14)),
    batch: (a) => [ind.rsi(a.close, 14)],
    reference: (c) => [ref.refRsi(c.close, 14)],
  },
  {
    name: 'MACD(12,26,9)',
    lookback: 33,
    stream: onClose(
      () => new ind.Macd(12, 26, 9),
      (m: ind.Macd) => [m.value, m.signal, m.histogram],
    ),
    batch: (a) => {
      const m = ind.macd(a.close, 12, 26, 9);
      return [m.macd, m.signal, m.histogram];
    },
    reference: (c) => {
      const m = ref.refMacd(c.close, 12, 26, 9);
      return [m.macd, m.signal, m.histogram];
    },
  },
  {
    name: 'Bollinger(20,2)',
    lookback: 19,
    stream: onClose(
      () => new ind.Bollinger(20, 2),
      (b: ind.Bollinger) => [b.value, b.upper, b.lower],
    ),
    batch: (a) => {
      const b = ind.bollinger(a.close, 20, 2);
      return [b.middle, b.upper, b.lower];
    },
    reference: (c) => {
      const b = ref.refBollinger(c.close, 20, 2);
      return [b.middle, b.upper, b.lower];
    },
  },
  {
    name: 'ATR(14)',
    lookback: 14,
    stream: onCandle(() => new ind.Atr(14)),
    batch: (a) => [ind.atr(a.high, a.low, a.close, 14)],
    reference: (c) => [ref.refAtr(c, 14)],
  },
  {
    name: 'ATR(1)',
    lookback: 1,
    stream: onCandle(() => new ind.Atr(1)),
    batch: (a) => [ind.atr(a.high, a.low, a.close, 1)],
    reference: (c) => [ref.refAtr(c, 1)],
  },
  {
    name: 'ADX(14)',
    lookback: 27,
    stream: onCandle(() => new ind.Adx(14)),
    batch: (a) => [ind.adx(a.high, a.low, a.close, 14)],
    reference: (c) => [ref.refAdx(c, 14)],
  },
  {
    name: 'ADX(5)',
    lookback: 9,
    stream: onCandle(() => new ind.Adx(5)),
    batch: (a) => [ind.adx(a.high, a.low, a.close, 5)],
    reference: (c) => [ref.refAdx(c, 5)],
  },
  {
    name: 'Stochastic(14,3,3)',
    lookback: 17,
    stream: onCandle(
      () => new ind.Stochastic(14, 3, 3),
      (s: ind.Stochastic) => [s.value, s.d],
    ),
    batch: (a) => {
      const s = ind.stochastic(a.high, a.low, a.close, 14, 3, 3);
      return [s.k, s.d];
    },
    reference: (c) => {
      const s = ref.refStochastic(c, 14, 3, 3);
      return [s.k, s.d];
    },
  },
  {
    name: 'OBV',
    lookback: 0,
    stream: onCandle(() => new ind.Obv()),
    batch: (a) => [ind.obv(a.close, a.volume)],
    reference: (c) => [ref.refObv(c)],
  },
  {
    name: 'VWAP',
    lookback: 0,
    stream: onCandle(() => new ind.Vwap()),
    batch: (a) => [ind.vwap(a.high, a.low, a.close, a.volume)],
    reference: (c) => [ref.refVwap(c, 0)],
  },
  {
    name: 'VWAP(20)',
    lookback: 19,
    stream: onCandle(() => new ind.Vwap(20)),
    batch: (a) => [ind.vwap(a.high, a.low, a.close, a.volume, 20)],
    reference: (c) => [ref.refVwap(c, 20)],
  },
  {
    name: 'SuperTrend(10,3)',
    lookback: 10,
    stream: onCandle(
      () => new ind.Supertrend(10, 3),
      (s: ind.Supertrend) => [s.value, s.direction],
    ),
    batch: (a) => {
      const s = ind.supertrend(a.high, a.low, a.close, 10, 3);
      return [s.line, s.direction];
    },
    reference: (c) => {
      const s = ref.refSupertrend(c, 10, 3);
      return [s.line, s.direction];
    },
  },
];
