import {
  mempoolObservedAt,
  parseBlockHeight,
  parseMempoolFees,
  parseMempoolStats,
} from '../../../infra/adapters/intel/mempool-space-parse';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';

const NOW = Date.UTC(2024, 11, 4, 10, 17, 42, 123);
const MINUTE_START = Date.UTC(2024, 11, 4, 10, 17);

describe('mempool.space parsers', () => {
  test('fees: fastestFee and hourFee at the fetch minute, known at once', () => {
    const r = parseMempoolFees({ fastestFee: 12, halfHourFee: 10, hourFee: 8, economyFee: 4, minimumFee: 2 }, NOW);
    expect(r.observations).toEqual([
      { seriesId: 'mempool.fee_fastest', observedAt: MINUTE_START, knownAt: MINUTE_START, value: 12 },
      { seriesId: 'mempool.fee_hour', observedAt: MINUTE_START, knownAt: MINUTE_START, value: 8 },
    ]);
    expect(r.skipped).toEqual([]);
  });

  test('mempool: vsize in vMB and the transaction count', () => {
    const r = parseMempoolStats({ count: 12345, vsize: 3456789, total_fee: 123456, fee_histogram: [[10, 100]] }, NOW);
    expect(r.observations.map((o) => [o.seriesId, o.value])).toEqual([
      ['mempool.vsize', 3.456789],
      ['mempool.tx_count', 12345],
    ]);
  });

  test('a value that is not a number is skipped with a reason, the others kept', () => {
    const r = parseMempoolFees({ fastestFee: 'lots', hourFee: 8 }, NOW);
    expect(r.observations.map((o) => o.seriesId)).toEqual(['mempool.fee_hour']);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0].what).toContain('fastestFee');
    expect(r.skipped[0].reason).toMatch(/not a finite number/);
  });

  test('missing fields and null are skipped, not zero', () => {
    const r = parseMempoolStats({ count: null }, NOW);
    expect(r.observations).toEqual([]);
    expect(r.skipped.map((s) => s.what)).toEqual(['mempool.vsize (vsize)', 'mempool.tx_count (count)']);
  });

  test('a body that is not an object is malformed', () => {
    // Arrays and scalars are not mempool.space's shape.
    for (const bad of [[1, 2], 'x', null, 3]) {
      expect(() => parseMempoolFees(bad, NOW)).toThrow(ProviderError);
      expect(() => parseMempoolStats(bad, NOW)).toThrow(/not a JSON object/);
    }
    try {
      parseMempoolFees([], NOW);
    } catch (e) {
      expect((e as ProviderError).kind).toBe('malformed');
    }
  });

  test('block height: a plain-text integer; anything else skipped', () => {
    expect(parseBlockHeight('873210\n', NOW).observations).toEqual([
      { seriesId: 'mempool.block_height', observedAt: MINUTE_START, knownAt: MINUTE_START, value: 873210 },
    ]);
    for (const bad of ['', 'abc', '873210.5', '-3', '<html>']) {
      const r = parseBlockHeight(bad, NOW);
      expect(r.observations).toEqual([]);
      expect(r.skipped).toHaveLength(1);
    }
  });

  test('observedAt is the minute the reading was taken', () => {
    expect(mempoolObservedAt(MINUTE_START + 59_999)).toBe(MINUTE_START);
    expect(mempoolObservedAt(MINUTE_START)).toBe(MINUTE_START);
  });
});
