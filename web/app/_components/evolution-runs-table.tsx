'use client';

import Link from 'next/link';
import type { EvolutionProgressEvent, EvolutionRun, Page } from '../../lib/api-types';
import { dateTime, num } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { Empty, ErrorBox, Loading } from './states';

export function EvolutionRunsTable({ strategy }: { strategy?: string }) {
  const { data, error, loading, reload } = useApi<Page<EvolutionRun>>('/evolution/runs', { strategy, limit: 50 }, 30_000);
  useGatewayEvents<EvolutionProgressEvent>(['evolution.progress'], (e) => {
    if (!strategy || e.data?.strategy === strategy) reload();
  });
  if (loading) return <Loading what="evolution runs" />;
  if (error) return <ErrorBox error={error} />;
  if (data!.items.length === 0) return <Empty>No evolution runs yet.</Empty>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="evolution-runs">
        <thead>
          <tr>
            <th>Run</th>
            {!strategy && <th>Strategy</th>}
            <th>Status</th>
            <th className="num">Best fitness</th>
            <th>Promoted</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {data!.items.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/evolution/${encodeURIComponent(r.id)}`}>{r.id}</Link>
              </td>
              {!strategy && <td>{r.strategyName}</td>}
              <td>
                <span className={`pill status-${r.status}`}>{r.status}</span>
              </td>
              <td className="num">{num(r.bestFitness, 4)}</td>
              <td>{r.promoted ? 'yes' : 'no'}</td>
              <td>{dateTime(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
