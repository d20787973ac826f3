// How an agent reads a series out of the snapshot's intelligence: only a fresh value is used (a
// missing or stale one is named, never guessed), changes are taken against the value nearest at or
// before the earlier date, and every value a signal rests on is recorded for the decision's record.
import { freshPoint, pointBefore, type IntelPoint, type IntelView } from '../intel/intel-view';
import { seriesSpec, type SeriesId } from '../intel/series';

export const DAY_MS = 24 * 3600_000;

/** One value a signal used, as the decision stores it (the dashboard lists them per decision). */
export interface IntelUsed {
  id: SeriesId;
  value: number;
  observedAt: string;
  knownAt: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Collects what an agent used and what it lacked while it reads one snapshot's view. */
export class IntelReading {
  readonly used: IntelUsed[] = [];
  readonly missing: string[] = [];

  constructor(readonly view: IntelView | undefined) {}

  /** The series' latest value when fresh; otherwise undefined, with the series named in `missing`. */
  latest(id: SeriesId): IntelPoint | undefined {
    const r = freshPoint(this.view, seriesSpec(id));
    if ('missing' in r) {
      this.missing.push(r.missing);
      return undefined;
    }
    this.use(id, r.point);
    return r.point;
  }

  /**
   * Relative change of the series over `days` to its latest value `p`, against the value nearest at or
   * before that date. Undefined (and named missing) when the view holds no value near that far back:
   * within the series' staleness allowance of the target date, so a gap is not read as a change.
   */
  change(id: SeriesId, p: IntelPoint, days: number, kind: 'relative' | 'difference' = 'relative'): number | undefined {
    const points = this.view?.series[id] ?? [];
    const target = p.observedAt - days * DAY_MS;
    const then = pointBefore(points, target);
    const spec = seriesSpec(id);
    if (!then || then.observedAt < target - spec.staleAfterMs || then.observedAt >= p.observedAt) {
      this.missing.push(`${id} ${days}-day change (no value near ${iso(target).slice(0, 10)})`);
      return undefined;
    }
    if (kind === 'relative' && !(then.value > 0)) {
      this.missing.push(`${id} ${days}-day change (non-positive earlier value ${then.value})`);
      return undefined;
    }
    this.use(id, then);
    return kind === 'relative' ? p.value / then.value - 1 : p.value - then.value;
  }

  /** Points of the series in the view (ascending), for readings against its own history. */
  history(id: SeriesId): IntelPoint[] {
    return this.view?.series[id] ?? [];
  }

  private use(id: SeriesId, p: IntelPoint): void {
    if (this.used.some((u) => u.id === id && u.observedAt === iso(p.observedAt))) return;
    this.used.push({ id, value: p.value, observedAt: iso(p.observedAt), knownAt: iso(p.knownAt) });
  }
}

/** What is named missing when the snapshot carries no intelligence at all (the read failed or none is stored). */
export function noIntel(ids: readonly SeriesId[]): string {
  return `intelligence (none in the snapshot: ${ids.join(', ')})`;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export function signedPct(x: number, digits = 2): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(digits)}%`;
}
