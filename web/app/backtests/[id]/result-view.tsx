'use client';

import { useMemo, useState } from 'react';
import type { BacktestResult, BacktestTrade } from '../../../lib/gateway-types';
import { chartTime, dateTime, num, qty, signed, tone } from '../../../lib/format';
import { useApi } from '../../../lib/use-api';
import { DataTable, type Column } from '../../_components/data-table';
import { Panel } from '../../_components/panel';
import { Empty, ErrorBox, Loading } from '../../_components/states';
import { TimeChart, type ChartMarker, type SeriesSpec } from '../../_components/time-chart';
import { MetricsGrid } from '../metrics';

/** Markers must sit on a bar: move each to the last candle at or before it (candles may be downsampled). */
function snap(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || t <= times[0]) return times[0] ?? t;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return times[lo];
}

function markersOf(trades: BacktestTrade[], times: number[]): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const t of trades) {
    const long = t.side === 'long';
    out.push({
      time: snap(times, chartTime(t.entryTime)),
      position: long ? 'belowBar' : 'aboveBar',
      shape: long ? 'arrowUp' : 'arrowDown',
      color: long ? '#16a34a' : '#dc2626',
      text: `#${t.seq} ${long ? 'long' : 'short'}`,
    });
    if (t.exitTime !== null && t.exitTime !== undefined) {
      out.push({
        time: snap(times, chartTime(t.exitTime)),
        position: long ? 'aboveBar' : 'belowBar',
        shape: 'circle',
        color: (t.pnl ?? 0) >= 0 ? '#16a34a' : '#dc2626',
        text: `exit #${t.seq}`,
      });
    }
  }
  return out;
}

const TRADE_COLUMNS: Column<BacktestTrade>[] = [
  { head: '#', cell: (t) => t.seq },
  { head: 'Side', tone: (t) => (t.side === 'short' ? 'down' : 'up'), cell: (t) => t.side },
  { head: 'Entry', cell: (t) => dateTime(t.entryTime) },
  { head: 'Exit', cell: (t) => dateTime(t.exitTime) },
  { head: 'Entry price', num: true, cell: (t) => num(t.entryPrice) },
  { head: 'Exit price', num: true, cell: (t) => num(t.exitPrice) },
  { head: 'Quantity', num: true, cell: (t) => qty(t.quantity) },
  { head: 'PnL', num: true, tone: (t) => tone(t.pnl), cell: (t) => signed(t.pnl) },
  { head: 'Fees', num: true, cell: (t) => num(t.fees) },
  { head: 'Exit reason', cell: (t) => t.exitReason ?? '—' },
];

export function BacktestResultView({ path }: { path: string }) {
  const [retry, setRetry] = useState<number | undefined>(undefined);
  const { data, error, loading } = useApi<BacktestResult>(`${path}/result`, { points: 2000 }, retry);
  // 409: the run is marked completed a moment before its result is readable; ask again until it is.
  const wanted = error?.status === 409 ? 2000 : undefined;
  if (wanted !== retry) setRetry(wanted);
  const charts = useMemo(() => {
    if (!data) return null;
    const candles = data.candles.map((c) => ({
      time: chartTime(c.time),
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
    }));
    const times = candles.map((c) => c.time).sort((a, b) => a - b);
    const equity: SeriesSpec[] = [
      {
        kind: 'area',
        title: 'equity',
        color: '#2563eb',
        data: data.equity.map((p) => ({ time: chartTime(p.time), value: p.equity })),
      },
      {
        kind: 'area',
        title: 'drawdown %',
        color: '#dc2626',
        pane: 1,
        data: data.equity.map((p) => ({ time: chartTime(p.time), value: p.drawdownPct })),
      },
    ];
    const price: SeriesSpec[] = [
      { kind: 'candlestick', title: 'price', data: candles, markers: markersOf(data.trades, times) },
    ];
    return { equity, price };
  }, [data]);

  if (loading) return <Loading what="the result" />;
  if (error) return <ErrorBox error={error} title="Result unavailable" />;
  const r = data!;
  return (
    <>
      <Panel title="Metrics">
        <MetricsGrid metrics={r.metrics} />
      </Panel>
      <Panel title="Equity and drawdown">
        {r.equity.length === 0 ? (
          <Empty>No equity points.</Empty>
        ) : (
          <TimeChart
            series={charts!.equity}
            height={320}
            label="Backtest equity and drawdown"
            testId="backtest-equity-chart"
          />
        )}
      </Panel>
      <Panel title="Price and trades">
        {r.candles.length === 0 ? (
          <Empty>No candles.</Empty>
        ) : (
          <TimeChart
            series={charts!.price}
            height={360}
            label="Candles with trade entries and exits"
            testId="backtest-candle-chart"
          />
        )}
      </Panel>
      <section className="panel">
        <h2>
          Trades{' '}
          <span className="meta">
            ({r.tradesTotal}
            {r.tradesTotal > r.trades.length ? `, first ${r.trades.length} shown` : ''})
          </span>
        </h2>
        <DataTable
          rows={r.trades}
          columns={TRADE_COLUMNS}
          rowKey={(t) => t.seq}
          empty="The strategy made no trades in this range."
          testId="trades"
        />
      </section>
    </>
  );
}
