import { activeLocks } from '../../../core/protections/active-locks';
import type { ProtectionsConfig } from '../../../core/protections/types';
import { at, iso, TF, trades } from './trades';

const cooldown: ProtectionsConfig = { cooldownPeriod: { stopDurationCandles: 5 } };

describe('CooldownPeriod', () => {
  it('locks the pair from any exit, whatever its reason or result', () => {
    const h = trades({ exit: 10, exitReason: 'take_profit', profitRatio: 0.05, pnl: 50 });
    expect(activeLocks(h, cooldown, at(10), TF)).toEqual([
      {
        id: `CooldownPeriod:BTC/USDT:${at(10)}`,
        protection: 'CooldownPeriod',
        scope: 'pair',
        symbol: 'BTC/USDT',
        from: at(10),
        until: at(15),
        reason: `CooldownPeriod: a BTC/USDT trade closed at ${iso(10)}, cooldown 5 candles: BTC/USDT locked until ${iso(15)}`,
      },
    ]);
  });

  it('ends exactly stopDurationCandles after the exit (end exclusive)', () => {
    const h = trades({ exit: 10 });
    expect(activeLocks(h, cooldown, at(15) - 1, TF)).toHaveLength(1);
    expect(activeLocks(h, cooldown, at(15), TF)).toEqual([]);
  });

  it('runs from the pair’s latest exit only', () => {
    const h = trades({ exit: 10 }, { exit: 12 });
    expect(activeLocks(h, cooldown, at(13), TF).map((l) => [l.from, l.until])).toEqual([[at(12), at(17)]]);
  });

  it('locks each pair that exited, and no other', () => {
    const h = trades({ exit: 10, symbol: 'ETH/USDT' }, { exit: 11 }, { exit: 2, symbol: 'SOL/USDT' });
    expect(activeLocks(h, cooldown, at(12), TF).map((l) => l.symbol)).toEqual(['ETH/USDT', 'BTC/USDT']);
  });
});
