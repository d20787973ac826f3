// `opentrade trade status`: the decision mode, protections, trailing stop and active locks a person
// reads, and the same facts at the top of `--json`.
import { sessionStatusJson, sessionStatusLines } from '../../../cli/util/session-status-text';
import { sessionOptionsOf } from '../../../infra/services/sessions/session-options';
import type { ProtectionLock } from '../../../core/protections/types';
import type { SessionStatus } from '../../../workflows/trading-contract';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const status = (locks?: ProtectionLock[]): SessionStatus => ({
  sessionId: 's1',
  mode: 'paper',
  exchange: 'sim',
  symbols: ['BTC/USDT', 'ETH/USDT'],
  timeframe: '1m',
  strategy: 'ema-cross',
  positions: [],
  equity: 10_000,
  pnlToday: 0,
  state: {
    cyclesRun: 3,
    lastCandleCloseMs: {},
    status: 'running',
    dayStartMs: T0,
    dayStartEquity: 10_000,
    realizedPnlToday: 0,
    killSwitchTripped: false,
    ...(locks ? { locks } : {}),
  },
});
const pairLock: ProtectionLock = {
  id: `StoplossGuard:BTC/USDT:${T0}`,
  protection: 'StoplossGuard',
  scope: 'pair',
  symbol: 'BTC/USDT',
  from: T0,
  until: T0 + 30 * 60_000,
  reason: '3 stop-losses in 60 candles',
};
const allLock: ProtectionLock = {
  id: `MaxDrawdown:*:${T0}`,
  protection: 'MaxDrawdown',
  scope: 'all',
  from: T0,
  until: T0 + 60 * 60_000,
  reason: 'drawdown 12% > 10%',
};

describe('session status text', () => {
  test('shows the decision mode, protections, trailing stop and each active lock', () => {
    const options = sessionOptionsOf({
      decide: 'ensemble',
      protections: { stoplossGuard: {}, cooldownPeriod: {} },
      trailingStopPct: 2.5,
    });
    const text = sessionStatusLines(status([pairLock, allLock]), options).join('\n');
    expect(text).toContain('decides by ensemble, protections stoploss-guard, cooldown, trailing stop 2.5%');
    expect(text).toContain(
      'lock StoplossGuard on BTC/USDT until 2026-01-05T12:30:00.000Z market time: 3 stop-losses in 60 candles',
    );
    expect(text).toContain(
      'lock MaxDrawdown on all pairs until 2026-01-05T13:00:00.000Z market time: drawdown 12% > 10%',
    );
    expect(text).not.toContain('no active locks');
  });

  test('says so when no lock is in force, and reads a row from before these options as the defaults', () => {
    const text = sessionStatusLines(status(), sessionOptionsOf({ strategy: {}, maxCycles: null })).join('\n');
    expect(text).toContain('decides by strategy, protections none, trailing stop none');
    expect(text).toContain('no active locks');
  });

  test('an unreadable row costs only the options line', () => {
    const lines = sessionStatusLines(status([pairLock]), undefined);
    expect(lines[0]).toBe('session s1: running');
    expect(lines.join('\n')).toMatch(/decision mode unknown/);
    expect(lines.join('\n')).toMatch(/lock StoplossGuard on BTC\/USDT/);
  });

  test('a position prints its quantity and entry price without float noise', () => {
    const s: SessionStatus = {
      ...status(),
      positions: [
        { symbol: 'BTC/USDT', side: 'long', quantity: 0.00337 * 3, entryPrice: 3000.3 * 3, unrealizedPnl: 1.234 },
      ],
    };
    const text = sessionStatusLines(s, undefined).join('\n');
    expect(text).toContain('BTC/USDT long 0.01011 @ 9000.9 (uPnL 1.23)');
  });

  test('--json keeps the status query answer and adds the options and locks on top', () => {
    const s = status([allLock]);
    const json = sessionStatusJson(s, sessionOptionsOf({ decide: 'ensemble', trailingStopPct: 3 }));
    expect(json).toMatchObject({ ...s, decide: 'ensemble', protections: null, trailingStopPct: 3, locks: [allLock] });
    expect(sessionStatusJson(status(), undefined)).toMatchObject({ decide: null, locks: [] });
  });
  test('labels the last decision with its candle close in market time', () => {
    const st = status();
    st.state.lastDecision = {
      cycleId: 'c1',
      symbol: 'ETH/USDT',
      candleCloseMs: T0,
      action: 'HOLD',
      verdict: 'none',
      reasons: [],
    };
    expect(sessionStatusLines(st, undefined)).toContain(
      '  last decision: ETH/USDT HOLD none on the candle closed 2026-01-05T12:00:00.000Z market time',
    );
  });
});
