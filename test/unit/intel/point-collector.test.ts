import { emptyFetch } from '../../../core/intel/observation';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';
import { gatherParts } from '../../../infra/adapters/intel/gather-parts';
import {
  createPointCollector,
  FUTURE_TOLERANCE_MS,
  newestPerSeries,
  withinRange,
} from '../../../infra/adapters/intel/point-collector';

const NOW = Date.UTC(2024, 11, 4, 12);

describe('point collector', () => {
  test('keeps finite values, skips the rest, and the future beyond the tolerance', () => {
    const c = createPointCollector(NOW);
    c.add('fred.DGS10', NOW - 1000, 4, 'a');
    c.add('fred.DGS10', NOW, Infinity, 'b');
    c.add('fred.DGS10', NOW, NaN, 'c');
    c.add('fred.DGS10', NaN, 1, 'd');
    c.add('fred.DGS10', NOW + FUTURE_TOLERANCE_MS, 1, 'e');
    c.add('fred.DGS10', NOW + FUTURE_TOLERANCE_MS + 1, 1, 'f');
    expect(c.observations.map((o) => o.value)).toEqual([4, 1]);
    expect(c.skipped.map((s) => s.what)).toEqual(['b', 'c', 'd', 'f']);
  });

  test('newest per series and range filtering', () => {
    const r = {
      ...emptyFetch(),
      observations: [1, 3, 2].map((t) => ({ seriesId: 'fred.DGS10' as const, observedAt: t, knownAt: t, value: t })),
    };
    expect(newestPerSeries(r).observations.map((o) => o.value)).toEqual([3]);
    expect(withinRange(r, 2, 3).observations.map((o) => o.value)).toEqual([3, 2]);
  });

  test('gatherParts keeps what answered, skips the failed part, throws only when all failed', async () => {
    const fail = new ProviderError('fred', 'http', 'down');
    const ok = async () => ({
      ...emptyFetch(),
      observations: [{ seriesId: 'fred.DGS10' as const, observedAt: 1, knownAt: 1, value: 1 }],
    });
    const r = await gatherParts([
      { what: 'a', run: ok },
      { what: 'b', run: () => Promise.reject(fail) },
    ]);
    expect(r.observations).toHaveLength(1);
    expect(r.skipped).toEqual([{ what: 'b', reason: 'http: fred: down' }]);
    await expect(gatherParts([{ what: 'b', run: () => Promise.reject(fail) }])).rejects.toBe(fail);
    // A bug of ours is not a provider failure and is not swallowed.
    await expect(
      gatherParts([
        { what: 'a', run: ok },
        { what: 'c', run: () => Promise.reject(new TypeError('bug')) },
      ]),
    ).rejects.toThrow('bug');
  });
});
