'use client';

import Link from 'next/link';
import type { StrategyList, StrategySummary } from '../../lib/gateway-types';
import { useApi } from '../../lib/use-api';
import { ApiView } from '../_components/api-view';
import { DataTable, type Column } from '../_components/data-table';
import { EvolutionRunsTable } from '../_components/evolution-runs-table';
import { Panel } from '../_components/panel';

const COLUMNS: Column<StrategySummary>[] = [
  {
    head: 'Name',
    cell: (s) => (
      <>
        <Link href={`/strategies/${encodeURIComponent(s.name)}`}>{s.name}</Link>
        {s.builtin && <span className="tag">built-in</span>}
      </>
    ),
  },
  { head: 'Description', wrap: true, cell: (s) => s.description },
  { head: 'Active version', cell: (s) => (s.activeVersion ? `v${s.activeVersion}` : 'defaults') },
  { head: 'Versions', num: true, cell: (s) => s.versions },
];

export default function StrategiesPage() {
  const strategies = useApi<StrategyList>('/strategies');
  return (
    <>
      <h1 className="page-title">Strategies</h1>
      <section className="panel">
        <ApiView state={strategies} what="strategies">
          {(list) => (
            <DataTable
              rows={list.items}
              columns={COLUMNS}
              rowKey={(s) => s.name}
              empty="No strategies registered."
              testId="strategies"
            />
          )}
        </ApiView>
      </section>
      <Panel title="Evolution runs">
        <EvolutionRunsTable />
      </Panel>
    </>
  );
}
