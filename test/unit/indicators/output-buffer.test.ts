// Batch indicators can write into a caller's buffer (the market analyst reuses its buffers from cycle
// to cycle): whatever the buffer held before, the result must be bit for bit what a fresh array gets.
import { atr } from '../../../core/indicators/atr';
import { ema } from '../../../core/indicators/ema';
import { rsi } from '../../../core/indicators/rsi';
import { randomHlcv } from './random-candles';

const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('batch indicators into a reused buffer', () => {
  it.each([0, 5, 14, 15, 60, 300])('%i candles: ema, atr and rsi equal their fresh outputs', (n) => {
    const c = randomHlcv(n, n + 1);
    const close = Float64Array.from(c.close);
    const high = Float64Array.from(c.high);
    const low = Float64Array.from(c.low);
    const dirty = () => new Float64Array(n).fill(-123.5);
    expect(sameBits(ema(close, 12, 0, dirty()), ema(close, 12))).toBe(true);
    expect(sameBits(ema(close, 9, 4, dirty()), ema(close, 9, 4))).toBe(true);
    expect(sameBits(atr(high, low, close, 14, dirty()), atr(high, low, close, 14))).toBe(true);
    expect(sameBits(rsi(close, 14, dirty()), rsi(close, 14))).toBe(true);
  });

  it('returns the buffer it was given, and refuses one of another length', () => {
    const close = Float64Array.from(randomHlcv(40, 3).close);
    const into = new Float64Array(40);
    expect(ema(close, 10, 0, into)).toBe(into);
    expect(() => rsi(close, 14, new Float64Array(39))).toThrow(/length 39 differs from the series length 40/);
  });
});
