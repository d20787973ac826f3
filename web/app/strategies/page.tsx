'use client';

import Link from 'next/link';
import type { StrategySummary } from '../../lib/api-types';
import { useApi } from '../../lib/use-api';
import { EvolutionRunsTable } from '../_components/evolution-runs-table';
import { Empty, ErrorBox, Loading } from '../_components/states';

export default function StrategiesPage() {
  const { data, error, loading } = useApi<{ items: StrategySummary[] }>('/strategies');
  return (
    <>
      <h1 className="page-title">Strategies</h1>
      <section className="panel">
        {loading ? (
          <Loading what="strategies" />
        ) : error ? (
          <ErrorBox error={error} />
        ) : data!.items.length === 0 ? (
          <Empty>No strategies registered.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="strategies">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Description</th>
                  <th>Active version</th>
                  <th className="num">Versions</th>
                </tr>
              </thead>
              <tbody>
                {data!.items.map((s) => (
                  <tr key={s.name}>
                    <td>
                      <Link href={`/strategies/${encodeURIComponent(s.name)}`}>{s.name}</Link>
                      {s.builtin && <span className="tag">built-in</span>}
                    </td>
                    <td className="wrap">{s.description}</td>
                    <td>{s.activeVersion ? `v${s.activeVersion}` : 'defaults'}</td>
                    <td className="num">{s.versions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel">
        <h2>Evolution runs</h2>
        <EvolutionRunsTable />
      </section>
    </>
  );
}
