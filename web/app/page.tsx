'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { Session, SessionEvent, SessionList } from '../lib/gateway-types';
import { dateTime } from '../lib/format';
import { useApi } from '../lib/use-api';
import { useGatewayEvents } from '../lib/use-gateway-events';
import { ApiView } from './_components/api-view';
import { DecisionFeed } from './_components/decision-feed';
import { EquityPanel } from './_components/equity-panel';
import { InlineSelect } from './_components/inline-select';
import { LlmSpendPanel } from './_components/llm-spend-panel';
import { Panel } from './_components/panel';
import { PositionsTable } from './_components/positions-table';
import { Empty } from './_components/states';

function sessionOption(s: Session): { value: string; text: string } {
  return { value: s.id, text: `${s.strategy} · ${s.symbols.join(',')} · ${s.status} · ${dateTime(s.startedAt)}` };
}

/** The first thing a user sees: one session's equity and PnL, every open position, the live decision feed, what the models cost. */
export default function OverviewPage() {
  const sessions = useApi<SessionList>('/sessions', { limit: 50 }, 30_000);
  const [chosen, setChosen] = useState<string>('');
  useGatewayEvents<SessionEvent>(['session'], () => sessions.reload());

  const items = sessions.data?.items ?? [];
  // Default: the newest running session, else the newest one at all.
  const current = items.find((s) => s.id === chosen) ?? items.find((s) => s.status === 'running') ?? items[0];

  return (
    <>
      <h1 className="page-title">Overview</h1>
      <Panel
        title="Equity"
        aside={
          items.length > 0 && (
            <InlineSelect
              label="Session"
              value={current?.id ?? ''}
              options={items.map(sessionOption)}
              onChange={setChosen}
              testId="session-select"
            />
          )
        }
      >
        <ApiView state={sessions} what="sessions">
          {() =>
            !current ? (
              <Empty>
                No trading sessions yet. <Link href="/sessions">Start a paper session</Link>.
              </Empty>
            ) : (
              <>
                <p className="meta">
                  <Link href={`/sessions/${current.id}`}>Session {current.id}</Link> · {current.mode} on{' '}
                  {current.exchange} · {current.timeframe} · {current.status}
                </p>
                <EquityPanel key={current.id} sessionId={current.id} />
              </>
            )
          }
        </ApiView>
      </Panel>
      <div className="grid-2">
        <Panel title="Open positions">
          <PositionsTable />
        </Panel>
        <Panel title="Live decisions">
          <DecisionFeed limit={15} />
        </Panel>
      </div>
      <LlmSpendPanel />
    </>
  );
}
