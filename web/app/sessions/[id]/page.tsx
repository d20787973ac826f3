'use client';

import { useParams } from 'next/navigation';
import type { SessionDetail, SessionEvent } from '../../../lib/gateway-types';
import { dateTime, num, qty, signed, timeSpan, tone, usd, versioned } from '../../../lib/format';
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

/**
 * The pipeline's order (core/llm/roles.ts AGENT_ROLES): the row's JSON keeps no key order, the page
 * should. A role added there and not here goes last.
 */
const ROLE_ORDER = ['market', 'strategy', 'onchain', 'sentiment', 'macro', 'coordinator', 'risk'];
const roleRank = (role: string) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);

/** "hybrid: market, strategy · llm: coordinator": the agents that ask a model, by mode. */
function agentsText(agents: SessionDetail['session']['agents']): string {
  const byMode = new Map<string, string[]>();
  const roles = Object.keys(agents).sort((a, b) => roleRank(a) - roleRank(b));
  for (const role of roles) {
    const mode = agents[role];
    if (mode) byMode.set(mode, [...(byMode.get(mode) ?? []), role]);
  }
  if (byMode.size === 0) return 'all on their rules (no model)';
  return [...byMode].map(([mode, roles]) => `${mode}: ${roles.join(', ')}`).join(' · ');
}

type SpentBudget = NonNullable<NonNullable<SessionDetail['live']>['state']['llmBudget']>;

/** Which budget the last cycle found spent, in its unit; the agents keep falling back until it resets. */
function LlmBudgetNotice({ budget }: { budget: SpentBudget }) {
  const amount = (x: number) => (budget.unit === 'usd' ? usd(x) : `${qty(x)} tokens`);
  return (
    <p className="notice" role="status" data-testid="llm-budget-spent">
      LLM budget spent: the {budget.scope === 'day' ? "day's" : "session's"} budget of {amount(budget.limit)} (spent{' '}
      {amount(budget.spent)}) since {dateTime(budget.sinceMs)} UTC; the agents fall back as the config&apos;s{' '}
      <code>llm.budget.onExhausted</code> says.
    </p>
  );
}

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
          <Fact label="Agents" data-testid="session-agents">
            {agentsText(session.agents)}
          </Fact>
          <Fact label="Protections">{Object.keys(session.protections ?? {}).join(', ') || 'none'}</Fact>
          <Fact label="Trailing stop">
            {session.trailingStopPct === null ? 'none' : `${session.trailingStopPct} %`}
          </Fact>
          <Fact label="Started (wall time)">{timeSpan(session.startedAt, session.stoppedAt, 'ended')}</Fact>
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
        {live?.state.llmBudget && <LlmBudgetNotice budget={live.state.llmBudget} />}
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
