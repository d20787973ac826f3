'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import type { GatewayError } from '../../../lib/api-client';
import type { EvolutionGeneration, EvolutionProgressEvent, EvolutionRunDetail } from '../../../lib/gateway-types';
import { num, timeSpan } from '../../../lib/format';
import { useGateway } from '../../../lib/gateway-context';
import { useApi } from '../../../lib/use-api';
import { useGatewayEvents } from '../../../lib/use-gateway-events';
import { ConfirmButton } from '../../_components/confirm-button';
import { DataTable, type Column } from '../../_components/data-table';
import { Fact, WorkflowFact } from '../../_components/fact';
import { Panel } from '../../_components/panel';
import { ProgressBar } from '../../_components/progress-bar';
import { RunTitle } from '../../_components/run-title';
import { Empty, ErrorBox, Loading } from '../../_components/states';
import { TimeChart, type SeriesSpec } from '../../_components/time-chart';

const ACTIVE = new Set(['queued', 'running']);

const GENERATION_COLUMNS: Column<EvolutionGeneration>[] = [
  { head: 'Generation', cell: (g) => g.generation },
  { head: 'Best', num: true, cell: (g) => num(g.bestFitness, 4) },
  { head: 'Mean', num: true, cell: (g) => num(g.meanFitness, 4) },
  { head: 'Best parameters', wrap: true, cell: (g) => <code>{JSON.stringify(g.bestParams)}</code> },
];

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
      {
        kind: 'line',
        title: 'best',
        color: '#16a34a',
        data: g.map((x) => ({ time: x.generation, value: x.bestFitness })),
      },
      {
        kind: 'line',
        title: 'mean',
        color: '#2563eb',
        data: g.map((x) => ({ time: x.generation, value: x.meanFitness })),
      },
    ];
  }, [data]);

  if (loading) return <Loading what="the evolution run" />;
  if (error)
    return (
      <>
        <ErrorBox error={error} title={`Evolution run ${id}`} />
        {error.status === 404 && (
          <p className="hint">
            A run gets its record once a worker has prepared it: if it was just started, this page retries by itself; if
            it stays missing, its workflow failed early (see the Temporal UI).
          </p>
        )}
      </>
    );
  const { run, generations, progress } = data!;
  const active = ACTIVE.has(run.status);
  const done = progress?.generation ?? generations.length;
  const total = progress?.generations ?? (run.config?.genetic as { generations?: number } | undefined)?.generations;
  return (
    <>
      <RunTitle kind="Evolution" id={run.id} status={run.status} statusTestId="evolution-status" />
      <section className="panel">
        <dl className="facts">
          <Fact label="Strategy">
            <Link href={`/strategies/${encodeURIComponent(run.strategyName)}`}>{run.strategyName}</Link>
          </Fact>
          <Fact label="Best fitness">{num(run.bestFitness, 4)}</Fact>
          <Fact label="Best parameters">
            <code>{run.bestParams ? JSON.stringify(run.bestParams) : '—'}</code>
          </Fact>
          <Fact label="Promoted">{`${run.promoted ? 'yes' : 'no'}${run.reason ? ` · ${run.reason}` : ''}`}</Fact>
          <Fact label="Created">{timeSpan(run.createdAt, run.finishedAt, 'finished')}</Fact>
          <WorkflowFact of={run} />
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
      <Panel title="Fitness per generation">
        {generations.length === 0 ? (
          <Empty>No generation finished yet.</Empty>
        ) : (
          <>
            <TimeChart
              series={series}
              axis="index"
              height={280}
              label="Best and mean fitness per generation"
              testId="fitness-chart"
            />
            <DataTable
              rows={generations}
              columns={GENERATION_COLUMNS}
              rowKey={(g) => g.generation}
              empty="No generation finished yet."
            />
          </>
        )}
      </Panel>
    </>
  );
}
