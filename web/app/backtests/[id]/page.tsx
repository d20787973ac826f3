'use client';

import { useParams } from 'next/navigation';
import { useState } from 'react';
import type { GatewayError } from '../../../lib/api-client';
import type { BacktestAnswer, BacktestProgressAnswer, BacktestProgressEvent } from '../../../lib/gateway-types';
import { dateTime, timeSpan, versioned } from '../../../lib/format';
import { useGateway } from '../../../lib/gateway-context';
import { useApi } from '../../../lib/use-api';
import { useGatewayEvents } from '../../../lib/use-gateway-events';
import { ConfirmButton } from '../../_components/confirm-button';
import { Fact, WorkflowFact } from '../../_components/fact';
import { ProgressBar } from '../../_components/progress-bar';
import { RunTitle } from '../../_components/run-title';
import { ErrorBox, Loading } from '../../_components/states';
import { BacktestResultView } from './result-view';

const ACTIVE = new Set(['queued', 'running']);

export default function BacktestPage() {
  const { id } = useParams<{ id: string }>();
  const { client } = useGateway();
  const path = `/backtests/${encodeURIComponent(id)}`;
  const bt = useApi<BacktestAnswer>(path, undefined, 3000);
  const active = bt.data ? ACTIVE.has(bt.data.backtest.status) : false;
  const progress = useApi<BacktestProgressAnswer>(active ? `${path}/progress` : null, undefined, 1500);
  const [live, setLive] = useState<BacktestProgressEvent | null>(null);
  const [cancelError, setCancelError] = useState<GatewayError | null>(null);
  useGatewayEvents<BacktestProgressEvent>(['backtest.progress'], (e) => {
    if (e.data?.runId !== id) return;
    setLive(e.data);
    if (e.data.status) bt.reload();
  });

  if (bt.loading) return <Loading what="the backtest" />;
  if (bt.error) return <ErrorBox error={bt.error} title={`Backtest ${id}`} />;
  const b = bt.data!.backtest;
  const pct = live?.pct ?? progress.data?.progress.pct ?? b.progress * 100;
  const phase = live?.phase ?? progress.data?.progress.phase;

  const cancel = async () => {
    if (!client) return;
    setCancelError(null);
    try {
      await client.post(`${path}/cancel`);
      bt.reload();
    } catch (e) {
      setCancelError(e as GatewayError);
    }
  };

  return (
    <>
      <RunTitle kind="Backtest" id={b.id} status={b.status} statusTestId="backtest-status" />
      <section className="panel">
        <dl className="facts">
          <Fact label="Strategy">
            {versioned(b.strategy, b.version)}
            {b.params && Object.keys(b.params).length > 0 ? <code> {JSON.stringify(b.params)}</code> : null}
          </Fact>
          <Fact label="Decision mode" data-testid="backtest-decide">
            {b.decide}
          </Fact>
          <Fact label="Market">{`${b.exchange} · ${b.symbol} · ${b.timeframe}`}</Fact>
          <Fact label="Range">{`${dateTime(b.from)} → ${dateTime(b.to)}`}</Fact>
          <Fact label="Created">{timeSpan(b.createdAt, b.finishedAt, 'finished')}</Fact>
          <WorkflowFact of={b} />
        </dl>
        {ACTIVE.has(b.status) && (
          <div className="progress-row">
            <ProgressBar pct={pct} label="backtest progress" />
            <span className="meta">{phase ?? 'queued'}</span>
            <ConfirmButton label="Cancel" question="Cancel this backtest?" onConfirm={() => void cancel()} />
          </div>
        )}
        {progress.error && <ErrorBox error={progress.error} title="Progress unavailable" />}
        {cancelError && <ErrorBox error={cancelError} />}
        {b.status === 'failed' && (
          <ErrorBox error={new Error(b.error ?? 'the backtest failed without a message')} title="The backtest failed" />
        )}
      </section>
      {b.status === 'completed' && <BacktestResultView path={path} />}
    </>
  );
}
