import { SnapshotCache } from '../../../activities/snapshot-cache';

describe('SnapshotCache', () => {
  it('returns what was put, until it is older than its time to live', () => {
    let now = 1_000;
    const cache = new SnapshotCache(10, 500, () => now);
    cache.put('a', '{"x":1}');
    expect(cache.get('a')).toBe('{"x":1}');
    now += 501;
    expect(cache.get('a')).toBeUndefined(); // expired: the analyst falls back to Redis
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const cache = new SnapshotCache(2, 60_000);
    cache.put('a', '1');
    cache.put('b', '2');
    cache.put('c', '3');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, '2', '3']);
  });

  it('a key put again counts as new (not evicted as the oldest)', () => {
    const cache = new SnapshotCache(2, 60_000);
    cache.put('a', '1');
    cache.put('b', '2');
    cache.put('a', '1b');
    cache.put('c', '3');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['1b', undefined, '3']);
  });
});
