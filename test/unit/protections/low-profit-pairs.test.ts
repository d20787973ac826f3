import { activeLocks } from '../../../core/protections/active-locks';
import type { ProtectionsConfig } from '../../../core/protections/types';
import { at, iso, TF, trades } from './trades';

const lowProfit = (requiredProfitPct: number): ProtectionsConfig => ({
  lowProfitPairs: { lookbackCandles: 300, tradeLimit: 2, stopDurationCandles: 60, requiredProfitPct },
});

describe('LowProfitPairs', () => {
  it('locks a pair whose summed profit ratio is below the requirement', () => {
    const h = trades({ exit: 10, profitRatio: -0.01 }, { exit: 20, profitRatio: -0.005 });
    expect(activeLocks(h, lowProfit(-1), at(20), TF)).toEqual([
      {
        id: `LowProfitPairs:BTC/USDT:${at(20)}`,
        protection: 'LowProfitPairs',
        scope: 'pair',
        symbol: 'BTC/USDT',
        from: at(20),
        until: at(80),
        reason:
          'LowProfitPairs: BTC/USDT made -1.5% over 2 trades within 300 candles (required -1%, at least 2 trades): ' +
          `BTC/USDT locked until ${iso(80)}`,
      },
    ]);
  });

  it('does not lock a sum exactly at the requirement', () => {
    const h = trades({ exit: 10, profitRatio: 0.01 }, { exit: 20, profitRatio: -0.01 });
    expect(activeLocks(h, lowProfit(0), at(20), TF)).toEqual([]);
    expect(activeLocks(h, lowProfit(0.01), at(20), TF)).toHaveLength(1);
  });

  it('needs tradeLimit trades of that pair in the lookback', () => {
    const h = trades({ exit: 10, profitRatio: -0.2 }, { exit: 20, symbol: 'ETH/USDT', profitRatio: -0.2 });
    expect(activeLocks(h, lowProfit(-1), at(20), TF)).toEqual([]);
  });

  it('counts the lookback from the trigger, start exclusive', () => {
    const out = trades({ exit: 0, profitRatio: -0.05 }, { exit: 300, profitRatio: -0.05 });
    expect(activeLocks(out, lowProfit(-1), at(300), TF)).toEqual([]);
    const inside = trades({ exit: 1, profitRatio: -0.05 }, { exit: 300, profitRatio: -0.05 });
    expect(activeLocks(inside, lowProfit(-1), at(300), TF)).toHaveLength(1);
  });

  it('locks only the losing pair', () => {
    const h = trades(
      { exit: 10, profitRatio: -0.02 },
      { exit: 11, symbol: 'ETH/USDT', profitRatio: 0.03 },
      { exit: 12, profitRatio: -0.02 },
      { exit: 13, symbol: 'ETH/USDT', profitRatio: -0.01 },
    );
    expect(activeLocks(h, lowProfit(-1), at(14), TF).map((l) => l.id)).toEqual([`LowProfitPairs:BTC/USDT:${at(12)}`]);
  });

  it('keeps the lock from the last exit that was still low when a later exit is not', () => {
    const h = trades(
      { exit: 10, profitRatio: -0.02 },
      { exit: 12, profitRatio: -0.02 },
      { exit: 14, profitRatio: 0.1, exitReason: 'take_profit' },
    );
    expect(activeLocks(h, lowProfit(-1), at(15), TF).map((l) => [l.from, l.until])).toEqual([[at(12), at(72)]]);
  });
});
