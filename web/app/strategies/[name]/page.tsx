'use client';

import { useParams } from 'next/navigation';
import { useState } from 'react';
import type { GatewayError } from '../../../lib/api-client';
import type { StrategyDetail } from '../../../lib/gateway-types';
import { dateTime } from '../../../lib/format';
import { useGateway } from '../../../lib/gateway-context';
import { useApi } from '../../../lib/use-api';
import { ConfirmButton } from '../../_components/confirm-button';
import { DataTable } from '../../_components/data-table';
import { EvolutionRunsTable } from '../../_components/evolution-runs-table';
import { Panel } from '../../_components/panel';
import { Pill } from '../../_components/pill';
import { ErrorBox, Loading } from '../../_components/states';
import { EvolutionForm } from './evolution-form';
import { ParamDiff } from './param-diff';

export default function StrategyPage() {
  const { name } = useParams<{ name: string }>();
  const decoded = decodeURIComponent(name);
  const { client } = useGateway();
  const path = `/strategies/${encodeURIComponent(decoded)}`;
  const { data, error, loading, reload } = useApi<StrategyDetail>(path);
  const [actionError, setActionError] = useState<GatewayError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const act = async (what: string, call: () => Promise<unknown>) => {
    setActionError(null);
    setNotice(null);
    try {
      await call();
      setNotice(what);
      reload();
    } catch (e) {
      setActionError(e as GatewayError);
    }
  };

  if (loading) return <Loading what="the strategy" />;
  if (error) return <ErrorBox error={error} title={`Strategy ${decoded}`} />;
  const { strategy, versions } = data!;
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <>
      <h1 className="page-title">
        {strategy.name} {strategy.builtin && <span className="tag">built-in</span>}
      </h1>
      <section className="panel">
        <p className="prose">{strategy.description}</p>
        <div className="controls">
          <ConfirmButton
            label="Roll back"
            question="Make the previous version active again?"
            disabled={!client}
            onConfirm={() => void act('rolled back', () => client!.post(`${path}/rollback`))}
          />
          {notice && (
            <span className="meta" role="status">
              {notice}
            </span>
          )}
        </div>
        {actionError && <ErrorBox error={actionError} />}
      </section>
      <Panel title="Versions">
        <DataTable
          rows={sorted}
          columns={[
            { head: 'Version', cell: (v) => `v${v.version}` },
            { head: 'Status', cell: (v) => <Pill kind="status" value={v.status} /> },
            { head: 'Parent', cell: (v) => (v.parentVersion ? `v${v.parentVersion}` : '—') },
            { head: 'Parameters', wrap: true, cell: (v) => <code>{JSON.stringify(v.parameters)}</code> },
            { head: 'Created', cell: (v) => dateTime(v.createdAt) },
            {
              head: '',
              cell: (v) =>
                v.status !== 'active' && (
                  <ConfirmButton
                    label="Promote"
                    question={`Make v${v.version} the active version?`}
                    onConfirm={() =>
                      void act(`v${v.version} promoted`, () => client!.post(`${path}/promote`, { version: v.version }))
                    }
                  />
                ),
            },
          ]}
          rowKey={(v) => v.id}
          empty="No saved versions: sessions and backtests use the built-in defaults. Evolution runs save new versions."
          testId="versions"
        />
      </Panel>
      <Panel title="Parameter diff">
        <ParamDiff versions={sorted} />
      </Panel>
      <Panel title="Evolution runs">
        <EvolutionRunsTable strategy={strategy.name} />
        <details className="more">
          <summary>Start an evolution run</summary>
          <EvolutionForm strategy={strategy.name} />
        </details>
      </Panel>
    </>
  );
}
