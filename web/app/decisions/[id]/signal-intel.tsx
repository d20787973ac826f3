'use client';

import type { DecisionDetail } from '../../../lib/gateway-types';
import { dateTime } from '../../../lib/format';
import { DataTable, type Column } from '../../_components/data-table';
import { Panel } from '../../_components/panel';

type Signal = DecisionDetail['signals'][number];

/** One series value an agent read: `data.intel` of the sentiment, on-chain and macro signals. */
export interface UsedSeries {
  seriesId: string;
  value: number | null;
  observedAt: string | number | null;
  knownAt: string | number | null;
}

const time = (v: unknown): string | number | null => (typeof v === 'string' || typeof v === 'number' ? v : null);

/**
 * The series a signal says it used, read defensively: the field is written by the agents, older
 * decisions have none, and an entry that names no series is left out rather than shown blank.
 */
export function signalIntel(s: Signal): { used: UsedSeries[]; missing: string[] } {
  const data = (s.data ?? {}) as { intel?: unknown; missing?: unknown };
  const list = Array.isArray(data.intel) ? data.intel : [];
  const used = list.flatMap((e): UsedSeries[] => {
    if (!e || typeof e !== 'object') return [];
    const r = e as Record<string, unknown>;
    const id = typeof r.seriesId === 'string' ? r.seriesId : typeof r.id === 'string' ? r.id : undefined;
    if (!id) return [];
    const value = typeof r.value === 'number' && Number.isFinite(r.value) ? r.value : null;
    return [{ seriesId: id, value, observedAt: time(r.observedAt), knownAt: time(r.knownAt) }];
  });
  const missing = Array.isArray(data.missing)
    ? data.missing.flatMap((m) =>
        typeof m === 'string'
          ? [m]
          : m && typeof m === 'object' && 'seriesId' in m
            ? [String((m as { seriesId: unknown }).seriesId)]
            : [],
      )
    : [];
  return { used, missing };
}

const COLUMNS: Column<UsedSeries>[] = [
  { head: 'Series', cell: (u) => <code>{u.seriesId}</code> },
  {
    head: 'Value',
    num: true,
    cell: (u) => (u.value === null ? '—' : u.value.toLocaleString('en-US', { maximumFractionDigits: 6 })),
  },
  { head: 'Observed', cell: (u) => dateTime(u.observedAt) },
  { head: 'Known', cell: (u) => dateTime(u.knownAt) },
];

/** Per agent, the intelligence its signal rested on and what it lacked (a stale or missing series). */
export function SignalIntel({ signals }: { signals: readonly Signal[] }) {
  const withIntel = signals.flatMap((s) => {
    const intel = signalIntel(s);
    return intel.used.length || intel.missing.length ? [{ agent: s.agent, ...intel }] : [];
  });
  if (withIntel.length === 0) return null;
  return (
    <Panel title="Intelligence the agents used">
      {withIntel.map((a) => (
        <article key={a.agent} className="llm-signal" data-testid={`signal-intel-${a.agent}`}>
          <h3>{a.agent}</h3>
          <DataTable
            rows={a.used}
            columns={COLUMNS}
            rowKey={(u) => u.seriesId}
            empty="No series values were recorded for this signal."
            rowTestId={(u) => `signal-intel-row-${u.seriesId}`}
          />
          {a.missing.length > 0 && (
            <p className="meta" data-testid="signal-intel-missing">
              Missing or stale: {a.missing.join(', ')}
            </p>
          )}
        </article>
      ))}
    </Panel>
  );
}
