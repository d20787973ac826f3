'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { Page, Session, SessionEvent } from '../lib/api-types';
import { dateTime } from '../lib/format';
import { useApi } from '../lib/use-api';
import { useGatewayEvents } from '../lib/use-gateway-events';
import { DecisionFeed } from './_components/decision-feed';
import { EquityPanel } from './_components/equity-panel';
import { PositionsTable } from './_components/positions-table';
import { Empty, ErrorBox, Loading } from './_components/states';

/** The first thing a user sees: one session's equity and PnL, every open position, the live decision feed. */
export default function OverviewPage() {
  const sessions = useApi<Page<Session>>('/sessions', { limit: 50 }, 30_000);
  const [chosen, setChosen] = useState<string>('');
  useGatewayEvents<SessionEvent>(['session'], () => sessions.reload());

  const items = sessions.data?.items ?? [];
  // Default: the newest running session, else the newest one at all.
  const current = items.find((s) => s.id === chosen) ?? items.find((s) => s.status === 'running') ?? items[0];

  return (
    <>
      <h1 className="page-title">Overview</h1>
      <section className="panel">
        <div className="panel-head">
          <h2>Equity</h2>
          {items.length > 0 && (
            <label className="inline-field">
              Session
              <select value={current?.id ?? ''} onChange={(e) => setChosen(e.target.value)} data-testid="session-select">
                {items.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.strategy} · {s.symbols.join(',')} · {s.status} · {dateTime(s.startedAt)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {sessions.loading ? (
          <Loading what="sessions" />
        ) : sessions.error ? (
          <ErrorBox error={sessions.error} />
        ) : !current ? (
          <Empty>
            No trading sessions yet. <Link href="/sessions">Start a paper session</Link>.
          </Empty>
        ) : (
          <>
            <p className="meta">
              <Link href={`/sessions/${current.id}`}>Session {current.id}</Link> · {current.mode} on {current.exchange} · {current.timeframe} · {current.status}
            </p>
            <EquityPanel key={current.id} sessionId={current.id} />
          </>
        )}
      </section>
      <div className="grid-2">
        <section className="panel">
          <h2>Open positions</h2>
          <PositionsTable />
        </section>
        <section className="panel">
          <h2>Live decisions</h2>
          <DecisionFeed limit={15} />
        </section>
      </div>
    </>
  );
}
