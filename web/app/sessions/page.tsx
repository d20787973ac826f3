'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { Page, Session, SessionEvent } from '../../lib/api-types';
import { dateTime } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { SessionControls } from '../_components/session-controls';
import { Empty, ErrorBox, Loading } from '../_components/states';
import { SessionForm } from './session-form';

const STATUSES = ['', 'running', 'paused', 'stopped', 'killed', 'failed'];

export default function SessionsPage() {
  const [status, setStatus] = useState('');
  const list = useApi<Page<Session>>('/sessions', { status: status || undefined, limit: 100 }, 15_000);
  useGatewayEvents<SessionEvent>(['session'], () => list.reload());

  return (
    <>
      <h1 className="page-title">Sessions</h1>
      <section className="panel">
        <h2>Start a paper session</h2>
        <SessionForm onStarted={list.reload} />
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>All sessions</h2>
          <label className="inline-field">
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s || 'any'}
                </option>
              ))}
            </select>
          </label>
        </div>
        {list.loading ? (
          <Loading what="sessions" />
        ) : list.error ? (
          <ErrorBox error={list.error} />
        ) : list.data!.items.length === 0 ? (
          <Empty>No sessions{status ? ` with status ${status}` : ''}.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="sessions">
              <thead>
                <tr>
                  <th>Session</th>
                  <th>Strategy</th>
                  <th>Symbols</th>
                  <th>Mode</th>
                  <th>Status</th>
                  <th>Started</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.data!.items.map((s) => (
                  <tr key={s.id} data-testid={`session-${s.id}`}>
                    <td>
                      <Link href={`/sessions/${s.id}`}>{s.id}</Link>
                    </td>
                    <td>
                      {s.strategy}
                      {s.strategyVersion ? ` v${s.strategyVersion}` : ''}
                    </td>
                    <td>
                      {s.symbols.join(', ')} · {s.timeframe}
                    </td>
                    <td>
                      {s.mode} · {s.exchange}
                    </td>
                    <td>
                      <span className={`pill status-${s.status}`}>{s.status}</span>
                    </td>
                    <td>{dateTime(s.startedAt)}</td>
                    <td>
                      <SessionControls session={s} onSignalled={list.reload} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
