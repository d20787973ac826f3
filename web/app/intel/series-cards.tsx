'use client';

import type { IntelSeries } from '../../lib/gateway-types';
import { dateTime } from '../../lib/format';
import { Panel } from '../_components/panel';
import { SeriesChart } from './series-chart';

const AGENTS: { agent: IntelSeries['agent']; title: string }[] = [
  { agent: 'sentiment', title: 'Sentiment' },
  { agent: 'onchain', title: 'On-chain' },
  { agent: 'macro', title: 'Macro' },
];

/** Figures of very different sizes (a fee in sat/vB, a supply in USD): compact above a million. */
export function intelValue(value: number, unit: string): string {
  const abs = Math.abs(value);
  const text =
    abs >= 1e6
      ? value.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 })
      : value.toLocaleString('en-US', { maximumFractionDigits: abs < 10 ? 3 : 2 });
  return unit === 'USD' ? `$${text}` : `${text} ${unit}`;
}

function SeriesCard({ s }: { s: IntelSeries }) {
  return (
    <div className="card" data-testid={`intel-series-${s.id}`}>
      <span className="card-label" title={s.id}>
        {s.label}
      </span>
      <span className="card-value" data-testid="intel-value">
        {s.latest ? intelValue(s.latest.value, s.unit) : '—'}
      </span>
      <span className="meta">
        {s.latest ? `as of ${dateTime(s.latest.observedAt)}` : 'not synced yet'}{' '}
        <span className={`pill ${s.stale ? 'pill-warn' : 'pill-ok'}`} data-testid="intel-stale">
          {s.stale ? 'stale' : 'fresh'}
        </span>
      </span>
      {s.latest && <SeriesChart seriesId={s.id} label={s.label} />}
    </div>
  );
}

/** The latest value of every series, grouped by the agent that reads it. */
export function SeriesCards({ items }: { items: readonly IntelSeries[] }) {
  return (
    <>
      {AGENTS.map(({ agent, title }) => (
        <Panel key={agent} title={title}>
          <div className="cards" data-testid={`intel-agent-${agent}`}>
            {items
              .filter((s) => s.agent === agent)
              .map((s) => (
                <SeriesCard key={s.id} s={s} />
              ))}
          </div>
        </Panel>
      ))}
    </>
  );
}
