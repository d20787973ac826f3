import { activeLocks } from '../../../core/protections/active-locks';
import type { ProtectionsConfig } from '../../../core/protections/types';
import { at, iso, TF, trades } from './trades';

const guard = (onlyPerPair = false): ProtectionsConfig => ({
  stoplossGuard: { lookbackCandles: 60, tradeLimit: 3, stopDurationCandles: 30, onlyPerPair },
});

describe('StoplossGuard', () => {
  it('locks all pairs at exactly tradeLimit stop-losses, from the third stop for the duration', () => {
    const h = trades({ exit: 10 }, { exit: 20, symbol: 'ETH/USDT' }, { exit: 30 });
    expect(activeLocks(h, guard(), at(30), TF)).toEqual([
      {
        id: `StoplossGuard:*:${at(30)}`,
        protection: 'StoplossGuard',
        scope: 'all',
        from: at(30),
        until: at(60),
        reason: `StoplossGuard: 3 stop-losses within 60 candles (limit 3): all pairs locked until ${iso(60)}`,
      },
    ]);
  });

  it('does not lock one stop-loss short of the limit', () => {
    expect(activeLocks(trades({ exit: 10 }, { exit: 30 }), guard(), at(30), TF)).toEqual([]);
  });

  it('counts the lookback from the trigger, start exclusive and trigger inclusive', () => {
    // 60 candles before the trigger at 60 is candle 0: that stop is out, one at candle 1 is in.
    expect(activeLocks(trades({ exit: 0 }, { exit: 30 }, { exit: 60 }), guard(), at(60), TF)).toEqual([]);
    const locks = activeLocks(trades({ exit: 1 }, { exit: 30 }, { exit: 60 }), guard(), at(60), TF);
    expect(locks.map((l) => l.id)).toEqual([`StoplossGuard:*:${at(60)}`]);
  });

  it('is in force from the trigger exit inclusive until its end exclusive', () => {
    const h = trades({ exit: 10 }, { exit: 20 }, { exit: 30 });
    expect(activeLocks(h, guard(), at(30) - 1, TF)).toEqual([]);
    expect(activeLocks(h, guard(), at(30), TF)).toHaveLength(1);
    expect(activeLocks(h, guard(), at(60) - 1, TF)).toHaveLength(1);
    expect(activeLocks(h, guard(), at(60), TF)).toEqual([]);
  });

  it('counts losing stop-losses, trailing stops and liquidations only', () => {
    const h = trades(
      { exit: 10, exitReason: 'trailing_stop' },
      { exit: 11, exitReason: 'liquidation' },
      { exit: 12, exitReason: 'take_profit' },
      { exit: 13, exitReason: 'signal' },
      { exit: 14, exitReason: 'other' },
      // A trailing stop that closed in profit is no warning.
      { exit: 15, exitReason: 'trailing_stop', profitRatio: 0.02, pnl: 20 },
      { exit: 16, exitReason: 'stop_loss', profitRatio: 0, pnl: 0 },
    );
    expect(activeLocks(h, guard(), at(16), TF)).toEqual([]);
    const more = [...h, ...trades({ exit: 17 })];
    expect(activeLocks(more, guard(), at(17), TF).map((l) => l.from)).toEqual([at(17)]);
  });

  it('starts the lock at the last stop, not at a later harmless exit', () => {
    const h = trades({ exit: 10 }, { exit: 20 }, { exit: 30 }, { exit: 35, exitReason: 'signal', profitRatio: 0.01 });
    expect(activeLocks(h, guard(), at(40), TF).map((l) => [l.from, l.until])).toEqual([[at(30), at(60)]]);
  });

  it('returns only the newest lock when a later stop extends it', () => {
    const h = trades({ exit: 10 }, { exit: 20 }, { exit: 30 }, { exit: 40 });
    const locks = activeLocks(h, guard(), at(45), TF);
    expect(locks.map((l) => [l.id, l.until])).toEqual([[`StoplossGuard:*:${at(40)}`, at(70)]]);
    expect(locks[0].reason).toBe(
      `StoplossGuard: 4 stop-losses within 60 candles (limit 3): all pairs locked until ${iso(70)}`,
    );
  });

  it('with onlyPerPair, counts and locks each pair on its own', () => {
    const spread = trades({ exit: 10 }, { exit: 20, symbol: 'ETH/USDT' }, { exit: 30, symbol: 'SOL/USDT' });
    expect(activeLocks(spread, guard(true), at(30), TF)).toEqual([]);

    const h = trades({ exit: 10 }, { exit: 20 }, { exit: 25, symbol: 'ETH/USDT' }, { exit: 30 });
    expect(activeLocks(h, guard(true), at(30), TF)).toEqual([
      {
        id: `StoplossGuard:BTC/USDT:${at(30)}`,
        protection: 'StoplossGuard',
        scope: 'pair',
        symbol: 'BTC/USDT',
        from: at(30),
        until: at(60),
        reason: `StoplossGuard: 3 stop-losses in BTC/USDT within 60 candles (limit 3): BTC/USDT locked until ${iso(60)}`,
      },
    ]);
  });

  it('locks several pairs at once with onlyPerPair, sorted by from then symbol', () => {
    const h = trades(
      ...[10, 11, 12].map((exit) => ({ exit, symbol: 'SOL/USDT' })),
      ...[10, 11, 12].map((exit) => ({ exit, symbol: 'ETH/USDT' })),
      ...[5, 6, 7].map((exit) => ({ exit, symbol: 'BTC/USDT' })),
    );
    expect(activeLocks(h, guard(true), at(20), TF).map((l) => l.id)).toEqual([
      `StoplossGuard:BTC/USDT:${at(7)}`,
      `StoplossGuard:ETH/USDT:${at(12)}`,
      `StoplossGuard:SOL/USDT:${at(12)}`,
    ]);
  });
});
