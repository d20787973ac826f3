'use client';

import { useEffect, useMemo, useState } from 'react';
import type { BacktestResult, BacktestTrade } from '../../../lib/api-types';
import { chartTime, dateTime, num, qty, signed, tone } from '../../../lib/format';
import { useApi } from '../../../lib/use-api';
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
    const long = t.side !== 'short' && t.side !== 'sell';
    out.push({ time: snap(times, chartTime(t.entryTime)), position: long ? 'belowBar' : 'aboveBar', shape: long ? 'arrowUp' : 'arrowDown', color: long ? '#16a34a' : '#dc2626', text: `#${t.seq} ${long ? 'long' : 'short'}` });
    if (t.exitTime !== null && t.exitTime !== undefined) {
      out.push({ time: snap(times, chartTime(t.exitTime)), position: long ? 'aboveBar' : 'belowBar', shape: 'circle', color: (t.pnl ?? 0) >= 0 ? '#16a34a' : '#dc2626', text: `exit #${t.seq}` });
    }
  }
  return out;
}

export function BacktestResultView({ path }: { path: string }) {
  const [retry, setRetry] = useState<number | undefined>(undefined);
  const { data, error, loading } = useApi<BacktestResult>(`${path}/result`, { points: 2000 }, retry);
  // 409: the run is marked completed a moment before its result is readable; ask again until it is.
  useEffect(() => setRetry(error?.status === 409 ? 2000 : undefined), [error]);
  const charts = useMemo(() => {
    if (!data) return null;
    const candles = data.candles.map((c) => ({ time: chartTime(c.time), open: c.open, high: c.high, low: c.low, close: c.close }));
    const times = candles.map((c) => c.time).sort((a, b) => a - b);
    const equity: SeriesSpec[] = [
      { kind: 'area', title: 'equity', color: '#2563eb', data: data.equity.map((p) => ({ time: chartTime(p.time), value: p.equity })) },
      { kind: 'area', title: 'drawdown %', color: '#dc2626', pane: 1, data: data.equity.map((p) => ({ time: chartTime(p.time), value: p.drawdownPct })) },
    ];
    const price: SeriesSpec[] = [{ kind: 'candlestick', title: 'price', data: candles, markers: markersOf(data.trades, times) }];
    return { equity, price };
  }, [data]);

  if (loading) return <Loading what="the result" />;
  if (error) return <ErrorBox error={error} title="Result unavailable" />;
  const r = data!;
  return (
    <>
      <section className="panel">
        <h2>Metrics</h2>
        <MetricsGrid metrics={r.metrics} />
      </section>
      <section className="panel">
        <h2>Equity and drawdown</h2>
        {r.equity.length === 0 ? <Empty>No equity points.</Empty> : <TimeChart series={charts!.equity} height={320} label="Backtest equity and drawdown" testId="backtest-equity-chart" />}
      </section>
      <section className="panel">
        <h2>Price and trades</h2>
        {r.candles.length === 0 ? <Empty>No candles.</Empty> : <TimeChart series={charts!.price} height={360} label="Candles with trade entries and exits" testId="backtest-candle-chart" />}
      </section>
      <section className="panel">
        <h2>
          Trades <span className="meta">({r.tradesTotal}{r.tradesTotal > r.trades.length ? `, first ${r.trades.length} shown` : ''})</span>
        </h2>
        {r.trades.length === 0 ? (
          <Empty>The strategy made no trades in this range.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="trades">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Side</th>
                  <th>Entry</th>
                  <th>Exit</th>
                  <th className="num">Entry price</th>
                  <th className="num">Exit price</th>
                  <th className="num">Quantity</th>
                  <th className="num">PnL</th>
                  <th className="num">Fees</th>
                  <th>Exit reason</th>
                </tr>
              </thead>
              <tbody>
                {r.trades.map((t) => (
                  <tr key={t.seq}>
                    <td>{t.seq}</td>
                    <td className={t.side === 'short' ? 'down' : 'up'}>{t.side}</td>
                    <td>{dateTime(t.entryTime)}</td>
                    <td>{dateTime(t.exitTime)}</td>
                    <td className="num">{num(t.entryPrice)}</td>
                    <td className="num">{num(t.exitPrice)}</td>
                    <td className="num">{qty(t.quantity)}</td>
                    <td className={`num ${tone(t.pnl)}`}>{signed(t.pnl)}</td>
                    <td className="num">{num(t.fees)}</td>
                    <td>{t.exitReason ?? '—'}</td>
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
