// The intelligence view at a candle close t, read once for every session closing at t: the first
// cycle reads the rows from PostgreSQL and builds viewAt(t), the others take it from Redis. The view
// for t is fixed once t has passed (rows known later are never in it), so caching it is exact.
// Redis failing falls back to the database; the database failing is the caller's to handle.
import type Redis from 'ioredis';
import type { IntelReader } from '../../../core/intel/intel-reader';
import { buildIntelTimeline } from '../../../core/intel/intel-timeline';
import type { IntelView } from '../../../core/intel/intel-view';

export const INTEL_VIEW_TTL_S = 2 * 3600;
export const intelViewKey = (t: number) => `opentrade:intel:view:${t}`;

export interface IntelViewSource {
  /** The view at t, or undefined when nothing at all is stored for it. Throws when the database fails. */
  viewAt(t: number): Promise<IntelView | undefined>;
}

export function createIntelViewCache(
  reader: IntelReader,
  redis: Pick<Redis, 'get' | 'set'>,
  log: (line: string) => void = () => {},
  ttlS = INTEL_VIEW_TTL_S,
): IntelViewSource {
  return {
    async viewAt(t) {
      const key = intelViewKey(t);
      try {
        const hit = await redis.get(key);
        if (hit !== null) return hit === 'none' ? undefined : (JSON.parse(hit) as IntelView);
      } catch (e) {
        log(`intel view cache: Redis read failed, reading the database (${(e as Error).message})`);
      }
      const rows = await reader.readForViews(t, t);
      const timeline = buildIntelTimeline(rows.observations, rows.headlines);
      const view = timeline.empty ? undefined : timeline.viewAt(t);
      try {
        await redis.set(key, view ? JSON.stringify(view) : 'none', 'EX', ttlS);
      } catch (e) {
        log(`intel view cache: Redis write failed (${(e as Error).message})`);
      }
      return view;
    },
  };
}
