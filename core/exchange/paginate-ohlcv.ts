// Fetches a long candle range as a series of venue pages (Binance serves at most 1000 per call),
// complete, ordered and without duplicates. Pure: the page fetcher does the I/O.
import type { OHLCVRow } from './types';

export interface OHLCVPageRequest {
  since: number;
  /** Stop before this time (exclusive). Without it, stops at `limit` rows or an empty/short page. */
  until?: number;
  limit?: number;
  pageSize: number;
  timeframeMs: number;
}

export async function paginateOHLCV(
  fetchPage: (since: number, limit: number) => Promise<OHLCVRow[]>,
  req: OHLCVPageRequest,
): Promise<OHLCVRow[]> {
  if (!(req.pageSize > 0)) throw new RangeError(`pageSize must be positive, got ${req.pageSize}`);
  const out: OHLCVRow[] = [];
  let cursor = req.since;
  const wanted = req.limit ?? Number.POSITIVE_INFINITY;
  while (out.length < wanted && (req.until === undefined || cursor < req.until)) {
    const ask = Math.min(req.pageSize, wanted - out.length);
    const page = await fetchPage(cursor, ask);
    let advanced = false;
    for (const row of page) {
      if (row[0] < cursor) continue; // venues may return the candle containing `since`
      if (req.until !== undefined && row[0] >= req.until) break;
      const last = out[out.length - 1];
      if (last !== undefined && row[0] <= last[0]) continue;
      out.push(row);
      advanced = true;
      if (out.length >= wanted) break;
    }
    // No new row means the venue has nothing more. A short page is not an end signal: a venue may
    // cap pages below what we asked (Binance futures 1500, spot 1000).
    if (!advanced) break;
    cursor = out[out.length - 1][0] + req.timeframeMs;
  }
  return out;
}
