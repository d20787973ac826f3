'use client';

import { useParams } from 'next/navigation';
import type { SessionDetail, SessionEvent } from '../../../lib/gateway-types';
import { num, signed, timeSpan, tone, versioned } from '../../../lib/format';
import { useApi } from '../../../lib/use-api';
import { useGatewayEvents } from '../../../lib/use-gateway-events';
import { DecisionFeed } from '../../_components/decision-feed';
import { EquityPanel } from '../../_components/equity-panel';
import { Fact, WorkflowFact } from '../../_components/fact';
import { Panel } from '../../_components/panel';
import { PositionsTable } from '../../_components/positions-table';
import { ProtectionLocksTable } from '../../_components/protection-locks-table';
import { RunTitle } from '../../_components/run-title';
import { SessionControls } from '../../_components/session-controls';
import { ErrorBox, Loading } from '../../_components/states';

export default function SessionPage() {
  const { id } = useParams<{ id: string }>();
  const { data, error, loading, reload } = useApi<SessionDetail>(
    `/sessions/${encodeURIComponent(id)}`,
    undefined,
    10_000,
  );
  useGatewayEvents<SessionEvent | { sessionId: string }>(['session', 'decision'], (e) => {
    if (e.data?.sessionId === id) reload();
  });

  if (loading) return <Loading what="the session" />;
  if (error) return <ErrorBox error={error} title={`Session ${id}`} />;
  const { session, live, locks } = data!;
  // The workflow's own status is fresher than the row while it runs (a pause shows here first).
  const status = live?.state.status ?? session.status;
  return (
    <>
      <RunTitle kind="Session" id={session.id} status={status} statusTestId="session-status" />
      <section className="panel">
        <dl className="facts">
          <Fact label="Strategy">{versioned(session.strategy, session.strategyVersion)}</Fact>
          <Fact label="Market">{`${session.mode} · ${session.exchange} · ${session.symbols.join(', ')} · ${session.timeframe}`}</Fact>
          <Fact label="Decision mode" data-testid="session-decide">
            {session.decide}
          </Fact>
          <Fact label="Protections">{Object.keys(session.protections ?? {}).join(', ') || 'none'}</Fact>
          <Fact label="Trailing stop">
            {session.trailingStopPct === null ? 'none' : `${session.trailingStopPct} %`}
          </Fact>
          <Fact label="Started">{timeSpan(session.startedAt, session.stoppedAt, 'ended')}</Fact>
          <Fact label="Cycles run" data-testid="cycles-run">
            {live ? live.state.cyclesRun : '—'}
          </Fact>
          <Fact label="PnL today" className={tone(live?.pnlToday)}>
            {live ? signed(live.pnlToday) : '—'}
          </Fact>
          <Fact label="Equity">{num(live?.equity)}</Fact>
          {live?.state.pauseReason && <Fact label="Paused because">{live.state.pauseReason}</Fact>}
          {live?.state.killSwitchTripped && (
            <Fact label="Kill switch" className="down">
              tripped
            </Fact>
          )}
          <WorkflowFact of={session} />
        </dl>
        <SessionControls session={{ id: session.id, status }} onSignalled={reload} />
      </section>
      <Panel title="Equity">
        <EquityPanel sessionId={session.id} />
      </Panel>
      <Panel title="Protection locks">
        <ProtectionLocksTable locks={locks} />
      </Panel>
      <Panel title="Open positions">
        <PositionsTable sessionId={session.id} />
      </Panel>
      <Panel title="Decisions">
        <DecisionFeed sessionId={session.id} limit={30} />
      </Panel>
    </>
  );
}
