import { TokenBuckets } from '../../../api/http/rate-limit';

describe('TokenBuckets', () => {
  it('allows the burst, then refills at the sustained rate, per client', () => {
    const b = new TokenBuckets(2, 3);
    const t0 = 1000;
    expect([1, 2, 3, 4].map(() => b.take('a', t0).ok)).toEqual([true, true, true, false]);
    expect(b.take('b', t0).ok).toBe(true);
    const refused = b.take('a', t0);
    expect(refused).toEqual({ ok: false, retryAfterMs: 500 });
    expect(b.take('a', t0 + 500).ok).toBe(true);
    expect(b.take('a', t0 + 500).ok).toBe(false);
    // Idle time refills up to the burst, never beyond.
    expect([1, 2, 3, 4].map(() => b.take('a', t0 + 60_000).ok)).toEqual([true, true, true, false]);
  });
});
