import { activeLocks } from '../../../core/protections/active-locks';
import { protectionHorizonCandles } from '../../../core/protections/horizon';
import type { ProtectionLock, ProtectionTrade, ProtectionsConfig } from '../../../core/protections/types';
import { at, history, TF, trade, trades } from './trades';

const ALL: ProtectionsConfig = {
  stoplossGuard: { lookbackCandles: 24, tradeLimit: 2, stopDurationCandles: 12, onlyPerPair: false },
  maxDrawdown: { lookbackCandles: 48, tradeLimit: 3, stopDurationCandles: 10, maxAllowedDrawdownPct: 0.5 },
  cooldownPeriod: { stopDurationCandles: 2 },
  lowProfitPairs: { lookbackCandles: 60, tradeLimit: 2, stopDurationCandles: 6, requiredProfitPct: -1 },
};
const PER_PAIR: ProtectionsConfig = {
  ...ALL,
  stoplossGuard: { lookbackCandles: 30, tradeLimit: 2, stopDurationCandles: 8, onlyPerPair: true },
};

const H = history(3000);
const LAST = H[H.length - 1].exitTime;
/** Realised equity at `now`, what the caller is told to pass: 10 000 plus every pnl closed by then. */
function equityAt(h: readonly ProtectionTrade[], now: number): number {
  let e = 10_000;
  for (let i = 0; i < h.length && h[i].exitTime <= now; i++) e += h[i].pnl;
  return e;
}

describe('activeLocks', () => {
  it('returns nothing when no protection is configured, without needing equity', () => {
    expect(protectionHorizonCandles({})).toBe(0);
    expect(activeLocks(H, {}, LAST, TF)).toEqual([]);
  });

  it('spans each protection’s lookback plus duration in its horizon', () => {
    expect(protectionHorizonCandles(ALL)).toBe(66);
    expect(protectionHorizonCandles({ cooldownPeriod: { stopDurationCandles: 7 } })).toBe(7);
  });

  it('does not depend on trades outside (now − horizon, now]', () => {
    const horizonMs = protectionHorizonCandles(ALL) * TF;
    const ancient = trades(
      ...Array.from({ length: 50 }, (_, i) => ({ exit: -10_000 + i, pnl: -5000, profitRatio: -0.5 })),
    );
    let compared = 0;
    for (const config of [ALL, PER_PAIR]) {
      for (let now = H[0].exitTime; now <= LAST; now += 11 * TF) {
        const equity = equityAt(H, now);
        const inWindow = H.filter((t) => t.exitTime > now - horizonMs && t.exitTime <= now);
        const future = trades({ exit: (now - at(0)) / TF + 1, pnl: -9999 }, { exit: (now - at(0)) / TF + 2 });
        const expected = activeLocks(H, config, now, TF, equity);
        expect(activeLocks(inWindow, config, now, TF, equity)).toEqual(expected);
        expect(activeLocks([...ancient, ...inWindow, ...future], config, now, TF, equity)).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('keeps each lock identical from call to call while it is in force, and never brings one back', () => {
    const kinds = new Set<string>();
    for (const config of [ALL, PER_PAIR]) {
      let previous = new Map<string, ProtectionLock>();
      const gone = new Set<string>();
      const problems: string[] = [];
      let carried = 0;
      let equity = 10_000;
      let closed = 0;
      for (let now = H[0].exitTime; now <= LAST + 20 * TF; now += TF) {
        while (closed < H.length && H[closed].exitTime <= now) equity += H[closed++].pnl;
        const locks = activeLocks(H, config, now, TF, equity);
        const current = new Map(locks.map((l) => [l.id, l]));
        if (current.size !== locks.length) problems.push(`${now}: duplicate ids`);
        for (const l of locks) {
          kinds.add(`${l.protection}/${l.scope}`);
          if (!(l.from <= now && now < l.until)) problems.push(`${l.id} not in force at ${now}`);
          if (l.id !== `${l.protection}:${l.symbol ?? '*'}:${l.from}`) problems.push(`${l.id} malformed`);
          if (gone.has(l.id)) problems.push(`${l.id} came back at ${now}`);
          const before = previous.get(l.id);
          if (before) {
            if (JSON.stringify(before) !== JSON.stringify(l)) problems.push(`${l.id} changed at ${now}`);
            carried++;
          }
        }
        for (const id of previous.keys()) if (!current.has(id)) gone.add(id);
        previous = current;
      }
      expect(problems).toEqual([]);
      expect(carried).toBeGreaterThan(100);
      expect(previous.size).toBe(0);
    }
    // Every kind of lock took part, so the properties above are not vacuous.
    expect([...kinds].sort()).toEqual([
      'CooldownPeriod/pair',
      'LowProfitPairs/pair',
      'MaxDrawdown/all',
      'StoplossGuard/all',
      'StoplossGuard/pair',
    ]);
  });

  it('reads only the trades in the window, found by binary search', () => {
    const big = history(100_000, 3);
    let reads = 0;
    const counted = new Proxy(big, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const now = big[60_000].exitTime;
    const inWindow = big.filter(
      (t) => t.exitTime > now - protectionHorizonCandles(ALL) * TF && t.exitTime <= now,
    ).length;
    const locks = activeLocks(counted, ALL, now, TF, equityAt(big, now));
    expect(locks).toEqual(activeLocks(big.slice(59_000, 60_001), ALL, now, TF, equityAt(big, now)));
    expect(reads).toBeLessThan(3 * inWindow + 100);
  });

  it('ignores trades that close after now', () => {
    const h = trades({ exit: 10 }, { exit: 11 });
    expect(activeLocks(h, ALL, at(10), TF, 10_000)).toEqual(activeLocks(h.slice(0, 1), ALL, at(10), TF, 10_000));
    expect(activeLocks(h, ALL, at(10), TF, 10_000).map((l) => l.protection)).toEqual(['CooldownPeriod']);
  });

  it('sorts by from, then protection, all-pairs locks before pair locks, then symbol', () => {
    const h = trades(
      { exit: 9, symbol: 'ETH/USDT', exitReason: 'signal', profitRatio: -0.03 },
      { exit: 10, symbol: 'SOL/USDT' },
      { exit: 10, symbol: 'ETH/USDT', profitRatio: -0.03 },
    );
    const locks = activeLocks(h, ALL, at(10), TF, 1_000_000);
    expect(locks.map((l) => `${l.protection}:${l.symbol ?? '*'}`)).toEqual([
      'StoplossGuard:*',
      'CooldownPeriod:ETH/USDT',
      'CooldownPeriod:SOL/USDT',
      'LowProfitPairs:ETH/USDT',
    ]);
  });

  it('refuses an unsorted history, a bad timeframe and a bad now', () => {
    const unsorted = [trade({ exit: 20 }), trade({ exit: 10 })];
    expect(() => activeLocks(unsorted, ALL, at(20), TF, 10_000)).toThrow(/sorted by exitTime/);
    expect(() => activeLocks([], ALL, at(20), 0, 10_000)).toThrow(/timeframeMs/);
    expect(() => activeLocks([], ALL, at(20), 1.5, 10_000)).toThrow(/timeframeMs/);
    expect(() => activeLocks([], ALL, NaN, TF, 10_000)).toThrow(/now/);
  });
});
