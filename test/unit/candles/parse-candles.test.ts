import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  candleSeriesPrefix,
  inferTimeframeMs,
  parseCandlesCsv,
  parseCandlesJson,
  timeframeToMs,
} from '../../../core/candles';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/candles', name), 'utf8');

describe('CSV candles', () => {
  it('parses the fixture into typed arrays', () => {
    const s = parseCandlesCsv(fixture('btc-usdt-1h-400.csv'));
    expect(s.length).toBe(400);
    expect(s.close).toBeInstanceOf(Float64Array);
    expect([s.time[0], s.open[0], s.high[0], s.low[0], s.close[0], s.volume[0]]).toEqual([
      1704067200000, 30000, 30003.29, 29912.99, 29940.05, 8.148,
    ]);
    expect(inferTimeframeMs(s)).toBe(3_600_000);
  });

  it('accepts ISO times with Z, an offset, or no zone (read as UTC)', () => {
    const s = parseCandlesCsv(fixture('iso-times.csv'));
    expect(Array.from(s.time)).toEqual([0, 1, 2, 3].map((h) => Date.UTC(2024, 0, 1, h)));
  });

  it.each([
    ['high-below-low.csv', 'line 4: high 101 is below low 103'],
    ['not-a-number.csv', 'line 3: close "abc" is not a finite number'],
    [
      'time-not-increasing.csv',
      "line 4: time 2024-01-01T01:00:00.000Z is not after the previous candle's 2024-01-01T01:00:00.000Z",
    ],
  ])('%s → %s', (file, message) => {
    expect(() => parseCandlesCsv(fixture(file))).toThrow(message);
  });

  it('names the line for every other kind of bad row', () => {
    const h = 'timestamp,open,high,low,close,volume\n';
    expect(() => parseCandlesCsv(`${h}1,1,2,1,1\n`)).toThrow('line 2: expected 6 comma-separated values, found 5');
    expect(() => parseCandlesCsv(`${h}yesterday,1,2,1,1,1\n`)).toThrow(
      'line 2: timestamp "yesterday" is neither UTC milliseconds nor an ISO time',
    );
    expect(() => parseCandlesCsv(`${h}1,1,2,1,NaN,1\n`)).toThrow('line 2: close "NaN" is not a finite number');
    expect(() => parseCandlesCsv(`${h}1,5,4,1,2,1\n`)).toThrow('line 2: open 5 is outside low..high 1..4');
    expect(() => parseCandlesCsv(`${h}1,1,2,1,1,-3\n`)).toThrow('line 2: volume -3 is negative');
    expect(() => parseCandlesCsv(`${h}\n1,1,2,1,1,1\n\n2,1,2,1,1,x\n`)).toThrow(
      'line 5: volume "x" is not a finite number',
    );
    expect(() => parseCandlesCsv('date,o,h,l,c,v\n')).toThrow(
      'line 1: header "date,o,h,l,c,v" should be "timestamp,open,high,low,close,volume"',
    );
    expect(() => parseCandlesCsv('')).toThrow('no candles');
    expect(() => parseCandlesCsv(h)).toThrow('no candles after the header');
  });
});

describe('JSON candles', () => {
  it('accepts objects and ccxt-style rows', () => {
    const a = parseCandlesJson(
      '[{"time":1000,"open":1,"high":2,"low":1,"close":2,"volume":5},{"timestamp":"1970-01-01T00:00:02Z","open":"2","high":3,"low":2,"close":3,"volume":1}]',
    );
    expect(Array.from(a.time)).toEqual([1000, 2000]);
    expect(a.open[1]).toBe(2);
    const b = parseCandlesJson('{"candles":[[1000,1,2,1,2,5],[2000,2,3,2,3,1]]}');
    expect(Array.from(b.close)).toEqual([2, 3]);
  });
  it('errors name the item', () => {
    expect(() => parseCandlesJson('[[1000,1,2,1,2,5],[2000,2,1,3,2,1]]')).toThrow('item 1: high 1 is below low 3');
    expect(() => parseCandlesJson('[{"open":1}]')).toThrow('item 0: missing "time" (or "timestamp")');
    expect(() => parseCandlesJson('{"x":1}')).toThrow('expected a JSON array of candles');
    expect(() => parseCandlesJson('[1,')).toThrow(/not valid JSON/);
  });
});

describe('series helpers', () => {
  it('a prefix is a view of the first candles', () => {
    const s = parseCandlesCsv(fixture('btc-usdt-1h-400.csv'));
    const p = candleSeriesPrefix(s, 10);
    expect(p.length).toBe(10);
    expect(p.close.buffer).toBe(s.close.buffer);
    expect(p.close.length).toBe(10);
  });
  it('timeframes', () => {
    expect(timeframeToMs('15m')).toBe(900_000);
    expect(timeframeToMs('4h')).toBe(14_400_000);
    expect(() => timeframeToMs('4x')).toThrow('unsupported timeframe "4x"');
  });
});
