import { activeLocks } from '../../../core/protections/active-locks';
import type { ProtectionsConfig } from '../../../core/protections/types';
import { at, iso, TF, trades } from './trades';

const md = (tradeLimit = 3, maxAllowedDrawdownPct = 10): ProtectionsConfig => ({
  maxDrawdown: { lookbackCandles: 100, tradeLimit, stopDurationCandles: 20, maxAllowedDrawdownPct },
});

describe('MaxDrawdown', () => {
  it('locks all pairs when the realised drawdown from the peak exceeds the limit of the lookback-start equity', () => {
    // Equity 10 000 after the three trades, so 11 100 at the lookback's start; the curve peaks at +500
    // and falls to -1100: a drawdown of 1600, 14.41 % of 11 100.
    const h = trades({ exit: 10, pnl: 500 }, { exit: 20, pnl: -800 }, { exit: 30, pnl: -800 });
    expect(activeLocks(h, md(), at(30), TF, 10_000)).toEqual([
      {
        id: `MaxDrawdown:*:${at(30)}`,
        protection: 'MaxDrawdown',
        scope: 'all',
        from: at(30),
        until: at(50),
        reason:
          'MaxDrawdown: realised drawdown 14.41% (1600 of 11100 equity at the lookback start) over 3 trades ' +
          `within 100 candles (max 10%, at least 3 trades): all pairs locked until ${iso(50)}`,
      },
    ]);
  });

  it('does not lock a drawdown exactly at the limit', () => {
    const exact = trades({ exit: 10, pnl: -400 }, { exit: 20, pnl: -300 }, { exit: 30, pnl: -300 });
    expect(activeLocks(exact, md(), at(30), TF, 9000)).toEqual([]);
    const over = trades({ exit: 10, pnl: -400 }, { exit: 20, pnl: -300 }, { exit: 30, pnl: -301 });
    expect(activeLocks(over, md(), at(30), TF, 8999)).toHaveLength(1);
  });

  it('judges nothing with fewer than tradeLimit trades in the lookback', () => {
    const h = trades({ exit: 20, pnl: -3000 }, { exit: 30, pnl: -3000 });
    expect(activeLocks(h, md(3), at(30), TF, 4000)).toEqual([]);
    expect(activeLocks(h, md(2), at(30), TF, 4000)).toHaveLength(1);
  });

  it('divides by the equity at the lookback start, not by the peak', () => {
    // +5000 then -1200: 12 % of the 10 000 at the start (8 % of the 15 000 peak) → locked.
    const h = trades({ exit: 10, pnl: 5000 }, { exit: 20, pnl: -1200 });
    const locks = activeLocks(h, md(2), at(20), TF, 13_800);
    expect(locks.map((l) => l.reason.slice(0, 34))).toEqual(['MaxDrawdown: realised drawdown 12%']);
  });

  it('uses the equity it is given', () => {
    const h = trades({ exit: 10, pnl: 500 }, { exit: 20, pnl: -800 }, { exit: 30, pnl: -800 });
    expect(activeLocks(h, md(), at(30), TF, 100_000)).toEqual([]);
  });

  it('treats trades closing at the same instant as one step, whatever their order', () => {
    const swing = (first: number) =>
      trades({ exit: 10, pnl: first }, { exit: 10, pnl: -first }, { exit: 20, pnl: -100 }, { exit: 30, pnl: -100 });
    expect(activeLocks(swing(-2000), md(), at(30), TF, 9800)).toEqual([]);
    expect(activeLocks(swing(2000), md(), at(30), TF, 9800)).toEqual([]);
    // The same loss spread over two instants is a real drawdown.
    const spread = trades({ exit: 9, pnl: -2000 }, { exit: 10, pnl: 2000 }, { exit: 20, pnl: -100 });
    expect(activeLocks(spread, md(), at(20), TF, 9900)).toHaveLength(1);
  });

  it('counts the lookback from the trigger, start exclusive', () => {
    const out = trades({ exit: 0, pnl: -1000 }, { exit: 50, pnl: -100 }, { exit: 100, pnl: -100 });
    expect(activeLocks(out, md(), at(100), TF, 8800)).toEqual([]);
    const inside = trades({ exit: 1, pnl: -1000 }, { exit: 50, pnl: -100 }, { exit: 100, pnl: -100 });
    expect(activeLocks(inside, md(), at(100), TF, 8800)).toHaveLength(1);
  });

  it('extends the lock at a later exit while the drawdown is still in the lookback, from the same start equity', () => {
    // The +3000 at 35 is after the drawdown: judged at 35 the lookback still holds it, and the equity
    // at the lookback's start is still 13 000 - (500 - 800 - 800 + 3000) = 11 100.
    const h = trades({ exit: 10, pnl: 500 }, { exit: 20, pnl: -800 }, { exit: 30, pnl: -800 }, { exit: 35, pnl: 3000 });
    const locks = activeLocks(h, md(), at(36), TF, 13_000);
    expect(locks.map((l) => [l.id, l.until])).toEqual([[`MaxDrawdown:*:${at(35)}`, at(55)]]);
    expect(locks[0].reason).toContain(
      'realised drawdown 14.41% (1600 of 11100 equity at the lookback start) over 4 trades',
    );
  });

  it('refuses to run without equity', () => {
    expect(() => activeLocks([], md(), at(0), TF)).toThrow(/maxDrawdown is configured/);
    expect(() => activeLocks([], md(), at(0), TF, NaN)).toThrow(/maxDrawdown is configured/);
  });
});
