'use client';

import Link from 'next/link';
import type { EvolutionProgressEvent, EvolutionRun, EvolutionRunList } from '../../lib/gateway-types';
import { dateTime, num } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { ApiView } from './api-view';
import { DataTable, type Column } from './data-table';
import { Pill } from './pill';

/** Runs of one strategy (no Strategy column then), or of all. */
function columns(strategy: string | undefined): (Column<EvolutionRun> | false)[] {
  return [
    { head: 'Run', cell: (r) => <Link href={`/evolution/${encodeURIComponent(r.id)}`}>{r.id}</Link> },
    !strategy && { head: 'Strategy', cell: (r) => r.strategyName },
    { head: 'Status', cell: (r) => <Pill kind="status" value={r.status} /> },
    { head: 'Best fitness', num: true, cell: (r) => num(r.bestFitness, 4) },
    { head: 'Promoted', cell: (r) => (r.promoted ? 'yes' : 'no') },
    { head: 'Created', cell: (r) => dateTime(r.createdAt) },
  ];
}

export function EvolutionRunsTable({ strategy }: { strategy?: string }) {
  const runs = useApi<EvolutionRunList>('/evolution/runs', { strategy, limit: 50 }, 30_000);
  useGatewayEvents<EvolutionProgressEvent>(['evolution.progress'], (e) => {
    if (!strategy || e.data?.strategy === strategy) runs.reload();
  });
  return (
    <ApiView state={runs} what="evolution runs">
      {(page) => (
        <DataTable
          rows={page.items}
          columns={columns(strategy)}
          rowKey={(r) => r.id}
          empty="No evolution runs yet."
          testId="evolution-runs"
        />
      )}
    </ApiView>
  );
}
