'use client';

import { useMemo, useState } from 'react';
import type { EquityAnswer, EquityEvent } from '../../lib/gateway-types';
import { chartTime, num, pct, signed, tone } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { Empty, ErrorBox, Loading } from './states';
import { TimeChart, type SeriesSpec } from './time-chart';

/** Equity curve and drawdown of one session, PnL today / total; live equity events extend the curve. */
export function EquityPanel({ sessionId }: { sessionId: string }) {
  const { data, error, loading, reload } = useApi<EquityAnswer>('/equity', { sessionId }, 30_000);
  const [live, setLive] = useState<{ time: number; value: number }[]>([]);
  useGatewayEvents<EquityEvent>(['equity'], (e) => {
    if (e.data?.sessionId !== sessionId || !Number.isFinite(e.data.equity)) return;
    setLive((l) => [...l.slice(-2000), { time: Math.floor(e.data.time / 1000), value: e.data.equity }]);
  });
  useGatewayEvents<{ sessionId: string }>(['decision'], (e) => {
    if (e.data?.sessionId === sessionId) reload();
  });

  const series = useMemo<SeriesSpec[]>(() => {
    const points = data?.points ?? [];
    const last = points.length ? chartTime(points[points.length - 1].time) : 0;
    return [
      {
        kind: 'area',
        title: 'equity',
        color: '#2563eb',
        data: [
          ...points.map((p) => ({ time: chartTime(p.time), value: p.equity })),
          ...live.filter((l) => l.time > last),
        ],
      },
      {
        kind: 'area',
        title: 'drawdown %',
        color: '#dc2626',
        pane: 1,
        data: points.map((p) => ({ time: chartTime(p.time), value: p.drawdownPct })),
      },
    ];
  }, [data, live]);

  if (loading) return <Loading what="equity" />;
  if (error) return <ErrorBox error={error} />;
  const s = data!.summary;
  const latest = live.length && data!.points.length === 0 ? live[live.length - 1].value : s.equity;
  return (
    <div data-testid="equity-panel">
      <div className="cards">
        <Card label="Equity" value={num(latest)} />
        <Card label="PnL today" value={signed(s.pnlToday)} tone={tone(s.pnlToday)} testId="pnl-today" />
        <Card label="PnL total" value={signed(s.pnlTotal)} tone={tone(s.pnlTotal)} testId="pnl-total" />
        <Card label="Max drawdown" value={pct(s.maxDrawdownPct)} tone={s.maxDrawdownPct < 0 ? 'down' : ''} />
      </div>
      {data!.points.length === 0 && live.length === 0 ? (
        <Empty>No equity recorded yet: the curve starts with the session&apos;s first cycle.</Empty>
      ) : (
        <TimeChart series={series} height={320} label="Equity curve and drawdown" testId="equity-chart" />
      )}
    </div>
  );
}

export function Card({
  label,
  value,
  tone: t = '',
  testId,
}: {
  label: string;
  value: string;
  tone?: string;
  testId?: string;
}) {
  return (
    <div className="card">
      <span className="card-label">{label}</span>
      <span className={`card-value ${t}`} data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
