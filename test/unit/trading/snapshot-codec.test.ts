import { decodeSnapshot, encodeSnapshot } from '../../../activities/snapshot-codec';
import { candleSeriesFromCandles } from '../../../core/candles';
import type { MarketSnapshot } from '../../../core/agents';

describe('snapshot codec', () => {
  it('round-trips candles (typed arrays) and every other field', () => {
    const series = candleSeriesFromCandles([
      { time: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
      { time: 60_000, open: 1.5, high: 2.5, low: 1.25, close: 2.25, volume: 0.1 + 0.2 },
    ]);
    const s: MarketSnapshot = {
      exchange: 'sim',
      symbol: 'BTC/USDT',
      timeframe: '1m',
      time: 120_000,
      candles: { '1m': series },
      account: { equity: 100, cash: 50 },
      position: { side: 'long', quantity: 0.1, entryPrice: 1.2 },
      strategyAdvice: { action: 'enter_long', stopLossPct: 2 },
      intel: {
        asOf: 120_000,
        series: { 'fear_greed.index': [{ observedAt: 0, knownAt: 60_000, value: 23 }] },
        headlines: [
          { source: 'coindesk', guid: 'g', title: '<<x>> "q"', url: 'https://e.test', publishedAt: 1, knownAt: 2 },
        ],
      },
    };
    const back = decodeSnapshot(encodeSnapshot(s));
    expect(back.candles['1m'].close).toBeInstanceOf(Float64Array);
    expect(Array.from(back.candles['1m'].volume)).toEqual([10, 0.1 + 0.2]);
    expect(back.candles['1m'].length).toBe(2);
    const { candles: _a, ...rest } = back;
    const { candles: _b, ...want } = s;
    expect(rest).toEqual(want);
  });
});
