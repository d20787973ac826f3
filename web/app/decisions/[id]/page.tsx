'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { DecisionAnswer, DecisionDetail } from '../../../lib/gateway-types';
import { dateTime, num, pct, qty } from '../../../lib/format';
import { useApi } from '../../../lib/use-api';
import { DataTable, type Column } from '../../_components/data-table';
import { Fact, WorkflowFact } from '../../_components/fact';
import { Panel } from '../../_components/panel';
import { Pill } from '../../_components/pill';
import { Empty, ErrorBox, Loading } from '../../_components/states';
import { CycleLlmCalls } from './cycle-llm-calls';
import { ModelSignals } from './model-signals';
import { SignalIntel } from './signal-intel';

/** Agents report direction as -1..1 (the design) or as long / short / neutral (the contract's wording). */
function direction(d: string | number): { text: string; tone: string } {
  if (typeof d === 'number') {
    const word = d > 0.05 ? 'long' : d < -0.05 ? 'short' : 'neutral';
    return { text: `${word} ${d > 0 ? '+' : ''}${d.toFixed(2)}`, tone: d > 0.05 ? 'up' : d < -0.05 ? 'down' : '' };
  }
  return { text: d, tone: d === 'long' ? 'up' : d === 'short' ? 'down' : '' };
}

const SIGNAL_COLUMNS: Column<DecisionDetail['signals'][number]>[] = [
  { head: 'Agent', cell: (s) => s.agent },
  { head: 'Direction', tone: (s) => direction(s.direction).tone, cell: (s) => direction(s.direction).text },
  { head: 'Confidence', num: true, cell: (s) => pct(s.confidence * 100, 0) },
  { head: 'Reasoning', wrap: true, cell: (s) => s.reasoning },
];

const ORDER_COLUMNS: Column<DecisionDetail['orders'][number]>[] = [
  { head: 'Purpose', cell: (o) => o.purpose },
  { head: 'Side', tone: (o) => (o.side === 'buy' ? 'up' : 'down'), cell: (o) => o.side },
  { head: 'Type', cell: (o) => o.type },
  { head: 'Amount', num: true, cell: (o) => qty(o.amount) },
  { head: 'Filled', num: true, cell: (o) => qty(o.filled) },
  { head: 'Average', num: true, cell: (o) => num(o.average ?? o.price) },
  { head: 'Fee', num: true, cell: (o) => `${num(o.fee, 4)} ${o.feeCurrency ?? ''}` },
  { head: 'Status', cell: (o) => o.status },
  { head: 'Client order id', cell: (o) => <code>{o.clientOrderId}</code> },
];

/** One decision: what each agent said, why the coordinator chose, what risk allowed, what was ordered, what the models were asked. */
export default function DecisionPage() {
  const { id } = useParams<{ id: string }>();
  const { data, error, loading } = useApi<DecisionAnswer>(`/decisions/${encodeURIComponent(id)}`);
  if (loading) return <Loading what="the decision" />;
  if (error) return <ErrorBox error={error} title={`Decision ${id}`} />;
  const d = data!.decision;
  return (
    <>
      <h1 className="page-title">
        <Pill kind="action" value={d.action} /> {d.symbol} · {dateTime(d.candleTime)} market time
      </h1>
      <section className="panel">
        <dl className="facts">
          <Fact label="Session">
            <Link href={`/sessions/${d.sessionId}`}>{d.sessionId}</Link>
          </Fact>
          <Fact label="Confidence">{pct(d.confidence * 100, 0)}</Fact>
          <WorkflowFact of={d} />
        </dl>
        <h2>Coordinator&apos;s reasoning</h2>
        <p className="prose" data-testid="reasoning">
          {d.reasoning || '—'}
        </p>
      </section>
      <Panel title="Agent signals">
        <DataTable
          rows={d.signals}
          columns={SIGNAL_COLUMNS}
          rowKey={(s) => s.agent}
          empty="No agent signals were recorded for this decision."
          testId="signals"
        />
      </Panel>
      <ModelSignals signals={d.signals} />
      <SignalIntel signals={d.signals} />
      <Panel title="Risk verdict">
        {d.riskVerdict ? (
          <div data-testid="risk-verdict">
            <p>
              <Pill kind="verdict" value={d.riskVerdict.verdict} />
              {d.riskVerdict.quantity !== undefined && (
                <span className="meta">
                  {' '}
                  {d.riskVerdict.side ?? ''} {qty(d.riskVerdict.quantity)}
                </span>
              )}
            </p>
            {d.riskVerdict.reasons.length > 0 ? (
              <ul>
                {d.riskVerdict.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : (
              <p className="meta">No reasons given.</p>
            )}
          </div>
        ) : (
          <Empty>No risk check ran (nothing to trade).</Empty>
        )}
      </Panel>
      <Panel title="Orders">
        <DataTable
          rows={d.orders}
          columns={ORDER_COLUMNS}
          rowKey={(o) => o.id}
          empty="No orders for this decision."
          testId="orders"
        />
      </Panel>
      {/* The decision's id is its cycle's workflow id, which every model call of the cycle carries. */}
      <CycleLlmCalls cycleId={d.id} />
    </>
  );
}
