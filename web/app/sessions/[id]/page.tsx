'use client';

import { useParams } from 'next/navigation';
import type { LiveSessionStatus, Session, SessionEvent } from '../../../lib/api-types';
import { dateTime, num, signed, tone } from '../../../lib/format';
import { useApi } from '../../../lib/use-api';
import { useGatewayEvents } from '../../../lib/use-gateway-events';
import { DecisionFeed } from '../../_components/decision-feed';
import { EquityPanel } from '../../_components/equity-panel';
import { TemporalLink } from '../../_components/gateway-link';
import { PositionsTable } from '../../_components/positions-table';
import { SessionControls } from '../../_components/session-controls';
import { ErrorBox, Loading } from '../../_components/states';

export default function SessionPage() {
  const { id } = useParams<{ id: string }>();
  const { data, error, loading, reload } = useApi<{ session: Session; live: LiveSessionStatus | null }>(`/sessions/${encodeURIComponent(id)}`, undefined, 10_000);
  useGatewayEvents<SessionEvent | { sessionId: string }>(['session', 'decision'], (e) => {
    if (e.data?.sessionId === id) reload();
  });

  if (loading) return <Loading what="the session" />;
  if (error) return <ErrorBox error={error} title={`Session ${id}`} />;
  const { session, live } = data!;
  // The workflow's own status is fresher than the row while it runs (a pause shows here first).
  const status = live?.state.status ?? session.status;
  return (
    <>
      <h1 className="page-title">
        Session <code>{session.id}</code>{' '}
        <span className={`pill status-${status}`} data-testid="session-status">
          {status}
        </span>
      </h1>
      <section className="panel">
        <dl className="facts">
          <dt>Strategy</dt>
          <dd>
            {session.strategy}
            {session.strategyVersion ? ` v${session.strategyVersion}` : ''}
          </dd>
          <dt>Market</dt>
          <dd>
            {session.mode} · {session.exchange} · {session.symbols.join(', ')} · {session.timeframe}
          </dd>
          <dt>Started</dt>
          <dd>
            {dateTime(session.startedAt)}
            {session.stoppedAt ? ` · ended ${dateTime(session.stoppedAt)}` : ''}
          </dd>
          <dt>Cycles run</dt>
          <dd data-testid="cycles-run">{live ? live.state.cyclesRun : '—'}</dd>
          <dt>PnL today</dt>
          <dd className={tone(live?.pnlToday)}>{live ? signed(live.pnlToday) : '—'}</dd>
          <dt>Equity</dt>
          <dd>{num(live?.equity)}</dd>
          {live?.state.pauseReason && (
            <>
              <dt>Paused because</dt>
              <dd>{live.state.pauseReason}</dd>
            </>
          )}
          {live?.state.killSwitchTripped && (
            <>
              <dt>Kill switch</dt>
              <dd className="down">tripped</dd>
            </>
          )}
          <dt>Workflow</dt>
          <dd>
            <TemporalLink url={session.temporalUiUrl} workflowId={session.workflowId} />
          </dd>
        </dl>
        <SessionControls session={{ id: session.id, status }} onSignalled={reload} />
      </section>
      <section className="panel">
        <h2>Equity</h2>
        <EquityPanel sessionId={session.id} />
      </section>
      <section className="panel">
        <h2>Open positions</h2>
        <PositionsTable sessionId={session.id} />
      </section>
      <section className="panel">
        <h2>Decisions</h2>
        <DecisionFeed sessionId={session.id} limit={30} />
      </section>
    </>
  );
}
