'use client';

import Link from 'next/link';
import type { Backtest, BacktestList, BacktestProgressEvent } from '../../lib/gateway-types';
import { dateTime, versioned } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { ApiView } from '../_components/api-view';
import { DataTable, type Column } from '../_components/data-table';
import { Panel } from '../_components/panel';
import { Pill } from '../_components/pill';
import { ProgressBar } from '../_components/progress-bar';
import { BacktestForm } from './backtest-form';
import { metricText } from './metrics';

const COLUMNS: Column<Backtest>[] = [
  { head: 'Run', cell: (b) => <Link href={`/backtests/${b.id}`}>{b.id}</Link> },
  { head: 'Strategy', cell: (b) => versioned(b.strategy, b.version) },
  { head: 'Market', cell: (b) => `${b.exchange} · ${b.symbol} · ${b.timeframe}` },
  { head: 'Range', cell: (b) => `${dateTime(b.from).slice(0, 10)} → ${dateTime(b.to).slice(0, 10)}` },
  {
    head: 'Status',
    cell: (b) =>
      b.status === 'running' || b.status === 'queued' ? (
        <ProgressBar pct={b.progress * 100} label={`backtest ${b.id}`} />
      ) : (
        <Pill kind="status" value={b.status} />
      ),
  },
  { head: 'Return', num: true, cell: (b) => metricText(b.metrics, ['totalReturnPct', 'returnPct', 'totalReturn']) },
  { head: 'Trades', num: true, cell: (b) => metricText(b.metrics, ['trades', 'totalTrades', 'tradeCount']) },
  { head: 'Created', cell: (b) => dateTime(b.createdAt) },
];

export default function BacktestsPage() {
  const list = useApi<BacktestList>('/backtests', { limit: 50 }, 15_000);
  useGatewayEvents<BacktestProgressEvent>(['backtest.progress'], (e) => {
    if (e.data?.status) list.reload();
  });
  return (
    <>
      <h1 className="page-title">Backtests</h1>
      <Panel title="New backtest">
        <BacktestForm onStarted={list.reload} />
      </Panel>
      <Panel title="Runs">
        <ApiView state={list} what="backtests">
          {(page) => (
            <DataTable
              rows={page.items}
              columns={COLUMNS}
              rowKey={(b) => b.id}
              empty="No backtests yet: run one above."
              testId="backtests"
            />
          )}
        </ApiView>
      </Panel>
    </>
  );
}
