import { dateTime, num } from '../../lib/format';

/** The first of `keys` present in metrics, formatted; metric names vary with the engine version. */
export function metricText(metrics: Record<string, unknown> | null, keys: string[]): string {
  for (const k of keys) {
    const v = metrics?.[k];
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : num(v);
  }
  return '—';
}

function label(key: string): string {
  return key
    .replace(/Ms$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/ Pct$|Pct$/, ' %')
    .replace(/^./, (c) => c.toUpperCase());
}

function duration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m} min`;
  if (m < 48 * 60) return `${(m / 60).toFixed(m % 60 ? 1 : 0)} h`;
  return `${(m / 1440).toFixed(1)} d`;
}

/** Times (…Time, UTC ms) as dates, durations (…Ms) in human units, ratios with enough decimals. */
function value(key: string, v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (/Time$/.test(key) && v > 1e11) return dateTime(v);
  if (/Ms$/.test(key)) return duration(v);
  if (Number.isInteger(v)) return String(v);
  return num(v, Math.abs(v) < 1 ? 4 : 2);
}

/** Every numeric (or short text) metric, as a grid of labelled values. */
export function MetricsGrid({ metrics }: { metrics: Record<string, unknown> }) {
  const entries = Object.entries(metrics).filter(
    ([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean',
  );
  if (entries.length === 0) return <p className="meta">No metrics.</p>;
  return (
    <dl className="metrics" data-testid="metrics">
      {entries.map(([k, v]) => (
        <div key={k} className="metric">
          <dt>{label(k)}</dt>
          <dd>{value(k, v)}</dd>
        </div>
      ))}
    </dl>
  );
}
