'use client';

import Link from 'next/link';
import type { Backtest, BacktestProgressEvent, Page } from '../../lib/api-types';
import { dateTime } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { ProgressBar } from '../_components/progress-bar';
import { Empty, ErrorBox, Loading } from '../_components/states';
import { BacktestForm } from './backtest-form';
import { metricText } from './metrics';

export default function BacktestsPage() {
  const list = useApi<Page<Backtest>>('/backtests', { limit: 50 }, 15_000);
  useGatewayEvents<BacktestProgressEvent>(['backtest.progress'], (e) => {
    if (e.data?.status) list.reload();
  });
  return (
    <>
      <h1 className="page-title">Backtests</h1>
      <section className="panel">
        <h2>New backtest</h2>
        <BacktestForm onStarted={list.reload} />
      </section>
      <section className="panel">
        <h2>Runs</h2>
        {list.loading ? (
          <Loading what="backtests" />
        ) : list.error ? (
          <ErrorBox error={list.error} />
        ) : list.data!.items.length === 0 ? (
          <Empty>No backtests yet: run one above.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="backtests">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Strategy</th>
                  <th>Market</th>
                  <th>Range</th>
                  <th>Status</th>
                  <th className="num">Return</th>
                  <th className="num">Trades</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {list.data!.items.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link href={`/backtests/${b.id}`}>{b.id}</Link>
                    </td>
                    <td>
                      {b.strategy}
                      {b.version ? ` v${b.version}` : ''}
                    </td>
                    <td>
                      {b.exchange} · {b.symbol} · {b.timeframe}
                    </td>
                    <td>
                      {dateTime(b.from).slice(0, 10)} → {dateTime(b.to).slice(0, 10)}
                    </td>
                    <td>{b.status === 'running' || b.status === 'queued' ? <ProgressBar pct={b.progress * 100} label={`backtest ${b.id}`} /> : <span className={`pill status-${b.status}`}>{b.status}</span>}</td>
                    <td className="num">{metricText(b.metrics, ['totalReturnPct', 'returnPct', 'totalReturn'])}</td>
                    <td className="num">{metricText(b.metrics, ['trades', 'totalTrades', 'tradeCount'])}</td>
                    <td>{dateTime(b.createdAt)}</td>
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
