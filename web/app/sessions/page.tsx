'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { Session, SessionEvent, SessionList } from '../../lib/gateway-types';
import { dateTime, versioned } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { ApiView } from '../_components/api-view';
import { DataTable, type Column } from '../_components/data-table';
import { InlineSelect } from '../_components/inline-select';
import { Panel } from '../_components/panel';
import { Pill } from '../_components/pill';
import { SessionControls } from '../_components/session-controls';
import { SessionForm } from './session-form';

const STATUS_OPTIONS = ['', 'running', 'paused', 'stopped', 'killed', 'failed'].map((s) => ({
  value: s,
  text: s || 'any',
}));

function columns(reload: () => void): Column<Session>[] {
  return [
    { head: 'Session', cell: (s) => <Link href={`/sessions/${s.id}`}>{s.id}</Link> },
    { head: 'Strategy', cell: (s) => versioned(s.strategy, s.strategyVersion) },
    { head: 'Symbols', cell: (s) => `${s.symbols.join(', ')} · ${s.timeframe}` },
    { head: 'Mode', cell: (s) => `${s.mode} · ${s.exchange}` },
    { head: 'Status', cell: (s) => <Pill kind="status" value={s.status} /> },
    { head: 'Started (wall time)', cell: (s) => dateTime(s.startedAt) },
    { head: 'Actions', cell: (s) => <SessionControls session={s} onSignalled={reload} /> },
  ];
}

export default function SessionsPage() {
  const [status, setStatus] = useState('');
  const list = useApi<SessionList>('/sessions', { status: status || undefined, limit: 100 }, 15_000);
  useGatewayEvents<SessionEvent>(['session'], () => list.reload());

  return (
    <>
      <h1 className="page-title">Sessions</h1>
      <Panel title="Start a paper session">
        <SessionForm onStarted={list.reload} />
      </Panel>
      <Panel
        title="All sessions"
        aside={<InlineSelect label="Status" value={status} options={STATUS_OPTIONS} onChange={setStatus} />}
      >
        <ApiView state={list} what="sessions">
          {(page) => (
            <DataTable
              rows={page.items}
              columns={columns(list.reload)}
              rowKey={(s) => s.id}
              rowTestId={(s) => `session-${s.id}`}
              empty={`No sessions${status ? ` with status ${status}` : ''}.`}
              testId="sessions"
            />
          )}
        </ApiView>
      </Panel>
    </>
  );
}
