import { candleClock, ClockRate } from '../../../activities/session-clock';
import { utcDayStart } from '../../../core/calendar/utc-day';

describe('candle clock on the venue time', () => {
  test('last closed and next close are timeframe boundaries around the venue time', () => {
    const now = Date.UTC(2026, 10, 26, 10, 7, 30);
    const c = candleClock(now, '5m', 1);
    expect(c.lastClosedMs).toBe(Date.UTC(2026, 10, 26, 10, 5));
    expect(c.nextCloseMs).toBe(Date.UTC(2026, 10, 26, 10, 10));
    expect(c.wallMsUntilNext).toBe(150_000);
  });

  test('a faster venue clock (the sim) shortens the wall wait by its speed', () => {
    const now = Date.UTC(2026, 10, 26, 10, 0, 30);
    expect(candleClock(now, '1m', 300).wallMsUntilNext).toBe(100);
  });

  test('exactly on a boundary the candle that just ended counts as closed', () => {
    const now = Date.UTC(2026, 10, 26, 11);
    expect(candleClock(now, '1h', 1).lastClosedMs).toBe(now);
  });

  test('bad input is named', () => {
    expect(() => candleClock(Date.now(), '7x', 1)).toThrow(/unsupported timeframe "7x"/);
    expect(() => candleClock(Date.now(), '1m', 0)).toThrow(/speed must be positive/);
    expect(() => candleClock(-1, '1m', 1)).toThrow(/venue time/);
  });

  test('utcDayStart is midnight UTC', () => {
    expect(utcDayStart(Date.UTC(2026, 10, 26, 23, 59))).toBe(Date.UTC(2026, 10, 26));
  });

  test('ClockRate measures venue ms per wall ms from a baseline', () => {
    const r = new ClockRate();
    expect(r.observe(1_000, 50_000)).toBeUndefined();
    expect(r.observe(1_010, 53_000)).toBeUndefined(); // baseline too short to trust
    expect(r.observe(1_100, 80_000)).toBe(300);
  });
});
