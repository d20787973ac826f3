import { paginateOHLCV } from '../../../core/exchange/paginate-ohlcv';
import { timeframeToMs } from '../../../core/exchange/timeframe';
import type { OHLCVRow } from '../../../core/exchange/types';

const MIN = 60_000;
// An in-memory venue: candles every minute from t0 to t0 + n minutes, pages of at most `max`.
function venue(t0: number, n: number, max: number) {
  const calls: [number, number][] = [];
  const fetchPage = async (since: number, limit: number): Promise<OHLCVRow[]> => {
    calls.push([since, limit]);
    const out: OHLCVRow[] = [];
    for (
      let t = Math.ceil((since - t0) / MIN) * MIN + t0;
      t < t0 + n * MIN && out.length < Math.min(limit, max);
      t += MIN
    )
      out.push([t, 1, 2, 0.5, 1.5, 10]);
    return out;
  };
  return { fetchPage, calls };
}

describe('paginateOHLCV', () => {
  it('walks pages until the limit, complete and ordered', async () => {
    const v = venue(0, 5000, 1000);
    const rows = await paginateOHLCV(v.fetchPage, { since: 0, limit: 2500, pageSize: 1000, timeframeMs: MIN });
    expect(rows).toHaveLength(2500);
    rows.forEach((r, i) => expect(r[0]).toBe(i * MIN));
    expect(v.calls.map((c) => c[1])).toEqual([1000, 1000, 500]);
  });

  it('stops at `until` (exclusive) and when the venue runs out', async () => {
    const v = venue(0, 1500, 1000);
    const rows = await paginateOHLCV(v.fetchPage, { since: 0, until: 1200 * MIN, pageSize: 1000, timeframeMs: MIN });
    expect(rows).toHaveLength(1200);
    expect(rows.at(-1)![0]).toBe(1199 * MIN);
    const all = await paginateOHLCV(venue(0, 1500, 1000).fetchPage, { since: 0, pageSize: 1000, timeframeMs: MIN });
    expect(all).toHaveLength(1500);
  });

  it('survives a venue whose real page size is smaller than asked', async () => {
    const v = venue(0, 3000, 700);
    const rows = await paginateOHLCV(v.fetchPage, { since: 0, limit: 2000, pageSize: 1000, timeframeMs: MIN });
    expect(rows).toHaveLength(2000);
    expect(new Set(rows.map((r) => r[0])).size).toBe(2000);
  });

  it('parses timeframes and rejects unknown ones with the expected form', () => {
    expect(timeframeToMs('1m')).toBe(MIN);
    expect(timeframeToMs('4h')).toBe(4 * 3_600_000);
    expect(() => timeframeToMs('7x')).toThrow(/unsupported timeframe "7x".*1m, 5m, 1h/);
  });
});
