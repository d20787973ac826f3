'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import type { GatewayError } from '../../../lib/api-client';
import type { EvolutionProgressEvent, EvolutionRunDetail } from '../../../lib/api-types';
import { dateTime, num } from '../../../lib/format';
import { useGateway } from '../../../lib/gateway-context';
import { useApi } from '../../../lib/use-api';
import { useGatewayEvents } from '../../../lib/use-gateway-events';
import { ConfirmButton } from '../../_components/confirm-button';
import { TemporalLink } from '../../_components/gateway-link';
import { ProgressBar } from '../../_components/progress-bar';
import { Empty, ErrorBox, Loading } from '../../_components/states';
import { TimeChart, type SeriesSpec } from '../../_components/time-chart';

const ACTIVE = new Set(['queued', 'running']);

export default function EvolutionRunPage() {
  const { id } = useParams<{ id: string }>();
  const { client } = useGateway();
  const path = `/evolution/runs/${encodeURIComponent(id)}`;
  const { data, error, loading, reload } = useApi<EvolutionRunDetail>(path, undefined, 5000);
  const [cancelError, setCancelError] = useState<GatewayError | null>(null);
  useGatewayEvents<EvolutionProgressEvent>(['evolution.progress'], (e) => {
    if (e.data?.runId === id) reload();
  });
  const series = useMemo<SeriesSpec[]>(() => {
    const g = data?.generations ?? [];
    return [
      { kind: 'line', title: 'best', color: '#16a34a', data: g.map((x) => ({ time: x.generation, value: x.bestFitness })) },
      { kind: 'line', title: 'mean', color: '#2563eb', data: g.map((x) => ({ time: x.generation, value: x.meanFitness })) },
    ];
  }, [data]);

  if (loading) return <Loading what="the evolution run" />;
  if (error)
    return (
      <>
        <ErrorBox error={error} title={`Evolution run ${id}`} />
        {error.status === 404 && <p className="hint">A run gets its record once a worker has prepared it: if it was just started, this page retries by itself; if it stays missing, its workflow failed early (see the Temporal UI).</p>}
      </>
    );
  const { run, generations, progress } = data!;
  const active = ACTIVE.has(run.status);
  const done = progress?.generation ?? generations.length;
  const total = progress?.generations ?? (run.config?.genetic as { generations?: number } | undefined)?.generations;
  return (
    <>
      <h1 className="page-title">
        Evolution <code>{run.id}</code>{' '}
        <span className={`pill status-${run.status}`} data-testid="evolution-status">
          {run.status}
        </span>
      </h1>
      <section className="panel">
        <dl className="facts">
          <dt>Strategy</dt>
          <dd>
            <Link href={`/strategies/${encodeURIComponent(run.strategyName)}`}>{run.strategyName}</Link>
          </dd>
          <dt>Best fitness</dt>
          <dd>{num(run.bestFitness, 4)}</dd>
          <dt>Best parameters</dt>
          <dd>
            <code>{run.bestParams ? JSON.stringify(run.bestParams) : '—'}</code>
          </dd>
          <dt>Promoted</dt>
          <dd>
            {run.promoted ? 'yes' : 'no'}
            {run.reason ? ` · ${run.reason}` : ''}
          </dd>
          <dt>Created</dt>
          <dd>
            {dateTime(run.createdAt)}
            {run.finishedAt ? ` · finished ${dateTime(run.finishedAt)}` : ''}
          </dd>
          <dt>Workflow</dt>
          <dd>
            <TemporalLink url={run.temporalUiUrl} workflowId={run.workflowId} />
          </dd>
        </dl>
        {active && (
          <div className="progress-row">
            <ProgressBar pct={total ? (done / total) * 100 : 0} label="evolution progress" />
            <span className="meta">
              generation {done}
              {total ? ` of ${total}` : ''}
            </span>
            <ConfirmButton
              label="Cancel"
              question="Cancel this evolution run?"
              onConfirm={() =>
                void client
                  ?.post(`${path}/cancel`)
                  .then(reload)
                  .catch((e: GatewayError) => setCancelError(e))
              }
            />
          </div>
        )}
        {cancelError && <ErrorBox error={cancelError} />}
      </section>
      <section className="panel">
        <h2>Fitness per generation</h2>
        {generations.length === 0 ? (
          <Empty>No generation finished yet.</Empty>
        ) : (
          <>
            <TimeChart series={series} axis="index" height={280} label="Best and mean fitness per generation" testId="fitness-chart" />
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Generation</th>
                    <th className="num">Best</th>
                    <th className="num">Mean</th>
                    <th>Best parameters</th>
                  </tr>
                </thead>
                <tbody>
                  {generations.map((g) => (
                    <tr key={g.generation}>
                      <td>{g.generation}</td>
                      <td className="num">{num(g.bestFitness, 4)}</td>
                      <td className="num">{num(g.meanFitness, 4)}</td>
                      <td className="wrap">
                        <code>{JSON.stringify(g.bestParams)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
