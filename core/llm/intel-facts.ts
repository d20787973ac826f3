// The intelligence an analyst model may reason from: its agent's series (seriesFor) from the
// snapshot's point-in-time view, each a labelled number with its unit and the period it describes,
// with 7- and 30-day changes for daily series and the year-on-year change for monthly ones; a series
// missing or stale is named as missing, never left for the model to fill in. Headlines are text from
// outside: they go in only as quoted data.
import { IntelReading } from '../agents/intel-reading';
import type { MarketSnapshot } from '../agents/snapshot';
import { assertIntelKnownBy } from '../agents/snapshot-checks';
import { HEADLINES_KEPT, type IntelPoint } from '../intel/intel-view';
import { seriesFor, type IntelAgent, type SeriesId, type SeriesSpec } from '../intel/series';
import type { Fact } from './grounded-facts';
import { quoteAsData } from './quote-as-data';

const sig = (x: number) => Number(x.toPrecision(6));
const iso = (ms: number) => new Date(ms).toISOString();
/** Rates and spreads change by percentage points; everything else by a relative change. */
const inPoints = (spec: SeriesSpec) => spec.unit === '%' || spec.unit === 'percentage points';

function changeFact(r: IntelReading, spec: SeriesSpec, p: IntelPoint, days: number): Fact[] {
  const kind = inPoints(spec) ? 'difference' : 'relative';
  const before = r.missing.length;
  const c = r.change(spec.id as SeriesId, p, days, kind);
  // A change the view cannot give is simply not stated (the value itself is).
  r.missing.splice(before);
  if (c === undefined) return [];
  const span = days === 365 ? 'year on year' : `${days}-day change`;
  return [
    kind === 'difference'
      ? { label: `${spec.label} ${span} (percentage points)`, value: sig(c) }
      : { label: `${spec.label} ${span} (%)`, value: Math.round(c * 1e4) / 1e2 },
  ];
}

/** The agent's series as facts; a snapshot with a value known after its time is refused. */
export function intelFacts(agent: IntelAgent, snap: MarketSnapshot): Fact[] {
  const view = snap.intel;
  if (view) assertIntelKnownBy(view, snap.time, 'intel facts');
  const facts: Fact[] = [];
  for (const spec of seriesFor(agent)) {
    const r = new IntelReading(view);
    const p = r.latest(spec.id as SeriesId);
    if (!p) {
      facts.push({
        label: `${spec.label} [${spec.id}]`,
        value: view ? `missing: ${r.missing[0]}` : 'missing: no intelligence in the snapshot',
      });
      continue;
    }
    facts.push({ label: `${spec.label} [${spec.id}] (${spec.unit}), as of ${iso(p.observedAt)}`, value: sig(p.value) });
    if (spec.cadence === 'daily') facts.push(...changeFact(r, spec, p, 7), ...changeFact(r, spec, p, 30));
    if (spec.cadence === 'monthly') facts.push(...changeFact(r, spec, p, 365));
  }
  return facts;
}

/**
 * The `<<`/`>>` of our own quote blocks cannot be forged from a headline: angle brackets become the
 * look-alike ‹ › (the title stays readable), and JSON.stringify in quoteAsData keeps quotes and
 * newlines inside the string.
 */
export function neutralise(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}

/** The view's headlines (newest first) as one quoted-data block, or undefined when there are none. */
export function headlinesBlock(snap: MarketSnapshot): string | undefined {
  const view = snap.intel;
  if (!view || view.headlines.length === 0) return undefined;
  assertIntelKnownBy(view, snap.time, 'intel headlines');
  const lines = view.headlines
    .slice(0, HEADLINES_KEPT)
    .map((h) => `[${neutralise(h.source)}, published ${iso(h.publishedAt)}] ${neutralise(h.title)}`);
  return quoteAsData('news headlines', lines.join('\n'));
}
