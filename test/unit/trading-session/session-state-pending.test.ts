import { applyRound, initialSessionState } from '../../../workflows/session-state';
import type { TradingCycleResult } from '../../../workflows/trading-contract';

const result = (over: Partial<TradingCycleResult> = {}): TradingCycleResult => ({
  cycleId: 'c',
  symbol: 'BTC/USDT',
  candleCloseMs: 60_000,
  action: 'SELL',
  verdict: 'approve',
  reasons: [],
  killSwitch: false,
  compensated: false,
  realizedPnl: 0,
  ...over,
});

describe('applyRound: a reversal entry is carried to the next cycle only', () => {
  it('keeps the side a reversal closed into, then drops it after one more cycle', () => {
    const s0 = initialSessionState(['BTC/USDT'], 0, 0, 10_000);
    const s1 = applyRound(s0, 60_000, [{ symbol: 'BTC/USDT', result: result({ reversalTo: 'short' }) }]);
    expect(s1.pendingEntries).toEqual({ 'BTC/USDT': 'short' });
    const s2 = applyRound(s1, 120_000, [{ symbol: 'BTC/USDT', result: result({ action: 'HOLD' }) }]);
    expect(s2.pendingEntries).toEqual({});
  });
});
