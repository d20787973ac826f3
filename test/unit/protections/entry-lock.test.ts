import { entryBlockedBy } from '../../../core/protections/entry-lock';
import type { ProtectionLock } from '../../../core/protections/types';

const lock = (over: Partial<ProtectionLock> & Pick<ProtectionLock, 'from' | 'until'>): ProtectionLock => {
  const l = { protection: 'CooldownPeriod', scope: 'pair', symbol: 'BTC/USDT', reason: 'r', ...over } as ProtectionLock;
  return { ...l, id: `${l.protection}:${l.symbol ?? '*'}:${l.from}` };
};

describe('entryBlockedBy', () => {
  const pair = lock({ from: 100, until: 200 });
  const all = lock({ protection: 'MaxDrawdown', scope: 'all', symbol: undefined, from: 150, until: 300 });

  it('blocks the locked pair only', () => {
    expect(entryBlockedBy([pair], 'BTC/USDT', 120)).toBe(pair);
    expect(entryBlockedBy([pair], 'ETH/USDT', 120)).toBeNull();
  });

  it('blocks every pair under an all-pairs lock', () => {
    expect(entryBlockedBy([all], 'ETH/USDT', 150)).toBe(all);
    expect(entryBlockedBy([all], 'BTC/USDT', 299)).toBe(all);
  });

  it('holds from `from` inclusive to `until` exclusive', () => {
    expect(entryBlockedBy([pair], 'BTC/USDT', 99)).toBeNull();
    expect(entryBlockedBy([pair], 'BTC/USDT', 100)).toBe(pair);
    expect(entryBlockedBy([pair], 'BTC/USDT', 199)).toBe(pair);
    expect(entryBlockedBy([pair], 'BTC/USDT', 200)).toBeNull();
  });

  it('names the lock that lasts longest when several apply, the first on a tie', () => {
    expect(entryBlockedBy([pair, all], 'BTC/USDT', 160)).toBe(all);
    expect(entryBlockedBy([all, pair], 'BTC/USDT', 160)).toBe(all);
    const twin = lock({ protection: 'LowProfitPairs', from: 120, until: 300 });
    expect(entryBlockedBy([twin, all], 'BTC/USDT', 160)).toBe(twin);
    expect(entryBlockedBy([all, twin], 'BTC/USDT', 160)).toBe(all);
    expect(entryBlockedBy([pair, all], 'BTC/USDT', 120)).toBe(pair);
  });

  it('is null with no locks', () => {
    expect(entryBlockedBy([], 'BTC/USDT', 0)).toBeNull();
  });
});
