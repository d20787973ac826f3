import {
  allCyclesDone,
  applyRound,
  dailyLossBreached,
  dueSymbols,
  initialSessionState,
  rollDay,
  waitMs,
} from '../../../workflows/session-state';
import { utcDayStart } from '../../../core/calendar/utc-day';
import type { TradingCycleResult } from '../../../workflows/trading-contract';

const DAY = 86_400_000;
const t0 = Date.UTC(2026, 10, 26, 10, 30, 15);
const lastClosed = Date.UTC(2026, 10, 26, 10, 30);

const result = (over: Partial<TradingCycleResult> = {}): TradingCycleResult => ({
  cycleId: 'c1',
  symbol: 'BTC/USDT',
  candleCloseMs: lastClosed + 60_000,
  action: 'BUY',
  verdict: 'approve',
  reasons: [],
  killSwitch: false,
  compensated: false,
  realizedPnl: 0,
  ...over,
});

describe('session state', () => {
  test('a new session waits for the next close: the candle closed before it started is not due', () => {
    const s = initialSessionState(['BTC/USDT', 'ETH/USDT'], t0, lastClosed, 10_000);
    expect(dueSymbols(s, ['BTC/USDT', 'ETH/USDT'], lastClosed)).toEqual([]);
    expect(dueSymbols(s, ['BTC/USDT', 'ETH/USDT'], lastClosed + 60_000)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(s.dayStartMs).toBe(Date.UTC(2026, 10, 26));
    expect(s.dayStartEquity).toBe(10_000);
  });

  test('applyRound marks the candle done even for a failed cycle, so it never runs twice', () => {
    const s0 = initialSessionState(['BTC/USDT', 'ETH/USDT'], t0, lastClosed, 10_000);
    const close = lastClosed + 60_000;
    const s1 = applyRound(s0, close, [
      { symbol: 'BTC/USDT', result: result({ realizedPnl: -12 }) },
      { symbol: 'ETH/USDT' },
    ]);
    expect(dueSymbols(s1, ['BTC/USDT', 'ETH/USDT'], close)).toEqual([]);
    expect(s1.cyclesRun).toBe(2);
    expect(s1.cyclesBySymbol).toEqual({ 'BTC/USDT': 1, 'ETH/USDT': 1 });
    expect(s1.realizedPnlToday).toBe(-12);
    expect(s1.lastDecision).toMatchObject({ cycleId: 'c1', action: 'BUY' });
    expect(s1.lastDecision).not.toHaveProperty('killSwitch');
    expect(s0.cyclesRun).toBe(0); // the previous state object is untouched
  });

  test('maxCycles counts per symbol', () => {
    let s = initialSessionState(['A/USDT', 'B/USDT'], t0, lastClosed, 1);
    s = applyRound(s, lastClosed + 60_000, [{ symbol: 'A/USDT' }, { symbol: 'B/USDT' }]);
    s = applyRound(s, lastClosed + 120_000, [{ symbol: 'A/USDT' }]);
    expect(allCyclesDone(s, ['A/USDT', 'B/USDT'], 2)).toBe(false);
    expect(dueSymbols(s, ['A/USDT', 'B/USDT'], lastClosed + 180_000, 2)).toEqual(['B/USDT']);
    s = applyRound(s, lastClosed + 180_000, [{ symbol: 'B/USDT' }]);
    expect(allCyclesDone(s, ['A/USDT', 'B/USDT'], 2)).toBe(true);
    expect(allCyclesDone(s, ['A/USDT', 'B/USDT'], undefined)).toBe(false);
  });

  test('a new UTC day resets the daily PnL from the equity then and lifts a kill-switch pause only', () => {
    const s = {
      ...initialSessionState(['BTC/USDT'], t0, lastClosed, 10_000),
      realizedPnlToday: -600,
      killSwitchTripped: true,
      status: 'paused' as const,
      pauseReason: 'daily loss',
    };
    expect(rollDay(s, t0 + 3_600_000, 9_000)).toBe(s); // same day: unchanged
    const next = rollDay(s, utcDayStart(t0) + DAY + 5, 9_400);
    expect(next).toMatchObject({
      dayStartMs: utcDayStart(t0) + DAY,
      dayStartEquity: 9_400,
      realizedPnlToday: 0,
      killSwitchTripped: false,
      status: 'running',
    });
    const manual = rollDay({ ...s, killSwitchTripped: false }, utcDayStart(t0) + DAY, 9_400);
    expect(manual.status).toBe('paused'); // a pause asked for by a person stays
  });

  test('the daily loss limit trips at the configured percent of the day start equity', () => {
    const s = initialSessionState(['BTC/USDT'], t0, lastClosed, 10_000);
    expect(dailyLossBreached(s, 9_501, 5)).toBe(false);
    expect(dailyLossBreached(s, 9_500, 5)).toBe(true);
    expect(dailyLossBreached({ ...s, dayStartEquity: 0 }, 0, 5)).toBe(false);
  });

  test('waits are bounded: never a busy loop, never a long blind sleep', () => {
    expect(waitMs(0)).toBe(5);
    expect(waitMs(100)).toBe(102);
    expect(waitMs(3_600_000)).toBe(30_000);
  });
});
