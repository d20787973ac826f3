import fc from 'fast-check';
import { allocateCandleSeries } from '../../../core/candles/series';
import { allocateAdvice } from '../../../core/strategies/advice';
import {
  bytesToFloat64,
  decodeAdvice,
  decodeSeries,
  encodeAdvice,
  encodeSeries,
} from '../../../infra/adapters/db/repositories/backtest-codec';

const doubles = fc.double({ noNaN: false });

describe('durable backtest bytea codec', () => {
  it('round-trips a candle series bit for bit (NaN, -0, extremes included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(doubles, doubles, doubles, doubles, doubles, doubles), { maxLength: 50 }),
        (rows) => {
          const s = allocateCandleSeries(rows.length);
          rows.forEach((r, i) => {
            [s.time[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]] = r;
          });
          const back = decodeSeries(encodeSeries(s), rows.length);
          for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
            expect(Buffer.from(back[f].buffer).equals(Buffer.from(s[f].buffer))).toBe(true);
          }
        },
      ),
    );
  });

  it('decodes from an unaligned buffer (drivers hand out slices of a bigger one)', () => {
    const a = new Float64Array([1.5, -0, 3e300]);
    const padded = Buffer.concat([Buffer.from([9]), Buffer.from(a.buffer)]);
    expect(Array.from(bytesToFloat64(padded, 1, 3))).toEqual([1.5, -0, 3e300]);
  });

  it('rejects a series whose byte length does not match its candle count', () => {
    expect(() => decodeSeries(Buffer.alloc(48 * 3), 4)).toThrow(
      'stored series has 144 bytes, expected 192 for 4 candles',
    );
  });

  it('round-trips advice without overrides as actions only', () => {
    const a = allocateAdvice(5);
    a.action.set([0, 1, 3, 2, 0]);
    const bytes = encodeAdvice(a);
    expect(bytes.length).toBe(1 + 5);
    const back = decodeAdvice(bytes, 5);
    expect(Array.from(back.action)).toEqual([0, 1, 3, 2, 0]);
    expect(back.stopLossPct).toBeNull();
    expect(back.takeProfitPct).toBeNull();
  });

  it('round-trips stop-loss / take-profit overrides, NaN meaning none', () => {
    const a = allocateAdvice(3, true);
    a.action.set([1, 0, 3]);
    a.stopLossPct!.set([1.5, NaN, NaN]);
    a.takeProfitPct!.set([NaN, 4, NaN]);
    const back = decodeAdvice(encodeAdvice(a), 3);
    expect(Array.from(back.stopLossPct!)).toEqual([1.5, NaN, NaN]);
    expect(Array.from(back.takeProfitPct!)).toEqual([NaN, 4, NaN]);
    expect(() => decodeAdvice(encodeAdvice(a), 4)).toThrow('stored advice has 52 bytes, expected 69 for 4 candles');
  });
});
