'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { DecisionDetail } from '../../../lib/api-types';
import { dateTime, num, pct, qty } from '../../../lib/format';
import { useApi } from '../../../lib/use-api';
import { TemporalLink } from '../../_components/gateway-link';
import { Empty, ErrorBox, Loading } from '../../_components/states';

/** Agents report direction as -1..1 (the design) or as long / short / neutral (the contract's wording). */
function direction(d: string | number): { text: string; tone: string } {
  if (typeof d === 'number') {
    const word = d > 0.05 ? 'long' : d < -0.05 ? 'short' : 'neutral';
    return { text: `${word} ${d > 0 ? '+' : ''}${d.toFixed(2)}`, tone: d > 0.05 ? 'up' : d < -0.05 ? 'down' : '' };
  }
  return { text: d, tone: d === 'long' ? 'up' : d === 'short' ? 'down' : '' };
}

/** One decision: what each agent said, why the coordinator chose, what risk allowed, what was ordered. */
export default function DecisionPage() {
  const { id } = useParams<{ id: string }>();
  const { data, error, loading } = useApi<{ decision: DecisionDetail }>(`/decisions/${encodeURIComponent(id)}`);
  if (loading) return <Loading what="the decision" />;
  if (error) return <ErrorBox error={error} title={`Decision ${id}`} />;
  const d = data!.decision;
  return (
    <>
      <h1 className="page-title">
        <span className={`pill action-${d.action.toLowerCase()}`}>{d.action}</span> {d.symbol} · {dateTime(d.candleTime)}
      </h1>
      <section className="panel">
        <dl className="facts">
          <dt>Session</dt>
          <dd>
            <Link href={`/sessions/${d.sessionId}`}>{d.sessionId}</Link>
          </dd>
          <dt>Confidence</dt>
          <dd>{pct(d.confidence * 100, 0)}</dd>
          <dt>Workflow</dt>
          <dd>
            <TemporalLink url={d.temporalUiUrl} workflowId={d.workflowId} />
          </dd>
        </dl>
        <h2>Coordinator&apos;s reasoning</h2>
        <p className="prose" data-testid="reasoning">
          {d.reasoning || '—'}
        </p>
      </section>
      <section className="panel">
        <h2>Agent signals</h2>
        {d.signals.length === 0 ? (
          <Empty>No agent signals were recorded for this decision.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="signals">
              <thead>
                <tr>
                  <th>Agent</th>
                  <th>Direction</th>
                  <th className="num">Confidence</th>
                  <th>Reasoning</th>
                </tr>
              </thead>
              <tbody>
                {d.signals.map((s) => (
                  <tr key={s.agent}>
                    <td>{s.agent}</td>
                    <td className={direction(s.direction).tone}>{direction(s.direction).text}</td>
                    <td className="num">{pct(s.confidence * 100, 0)}</td>
                    <td className="wrap">{s.reasoning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel">
        <h2>Risk verdict</h2>
        {d.riskVerdict ? (
          <div data-testid="risk-verdict">
            <p>
              <span className={`pill verdict-${d.riskVerdict.verdict}`}>{d.riskVerdict.verdict}</span>
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
      </section>
      <section className="panel">
        <h2>Orders</h2>
        {d.orders.length === 0 ? (
          <Empty>No orders for this decision.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="orders">
              <thead>
                <tr>
                  <th>Purpose</th>
                  <th>Side</th>
                  <th>Type</th>
                  <th className="num">Amount</th>
                  <th className="num">Filled</th>
                  <th className="num">Average</th>
                  <th className="num">Fee</th>
                  <th>Status</th>
                  <th>Client order id</th>
                </tr>
              </thead>
              <tbody>
                {d.orders.map((o) => (
                  <tr key={o.id}>
                    <td>{o.purpose}</td>
                    <td className={o.side === 'buy' ? 'up' : 'down'}>{o.side}</td>
                    <td>{o.type}</td>
                    <td className="num">{qty(o.amount)}</td>
                    <td className="num">{qty(o.filled)}</td>
                    <td className="num">{num(o.average ?? o.price)}</td>
                    <td className="num">
                      {num(o.fee, 4)} {o.feeCurrency ?? ''}
                    </td>
                    <td>{o.status}</td>
                    <td>
                      <code>{o.clientOrderId}</code>
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
