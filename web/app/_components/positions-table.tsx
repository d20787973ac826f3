'use client';

import Link from 'next/link';
import type { Page, Position } from '../../lib/api-types';
import { dateTime, num, qty, shortId, signed, tone } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { Empty, ErrorBox, Loading } from './states';

/** Open positions with unrealised PnL (of one session, or all); refreshed on position and fill events. */
export function PositionsTable({ sessionId }: { sessionId?: string }) {
  const { data, error, loading, reload } = useApi<Page<Position>>('/positions', { sessionId, status: 'open', limit: 100 }, 15_000);
  // A kill or stop closes positions outside any cycle: its session events refresh the table too.
  useGatewayEvents<{ sessionId?: string }>(['position', 'fill', 'session', 'session.flattened', 'session.reconciled'], (e) => {
    if (!sessionId || e.data?.sessionId === sessionId) reload();
  });
  if (loading) return <Loading what="positions" />;
  if (error) return <ErrorBox error={error} />;
  if (data!.items.length === 0) return <Empty>No open positions.</Empty>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="positions">
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Side</th>
            <th className="num">Size</th>
            <th className="num">Entry</th>
            <th className="num">Mark</th>
            <th className="num">Unrealised PnL</th>
            <th className="num">SL / TP</th>
            {!sessionId && <th>Session</th>}
            <th>Opened</th>
          </tr>
        </thead>
        <tbody>
          {data!.items.map((p) => (
            <tr key={p.id}>
              <td>{p.symbol}</td>
              <td className={p.side === 'long' ? 'up' : 'down'}>{p.side}</td>
              <td className="num">{qty(p.size)}</td>
              <td className="num">{num(p.entryPrice)}</td>
              <td className="num">{num(p.markPrice)}</td>
              <td className={`num ${tone(p.unrealizedPnl)}`}>{signed(p.unrealizedPnl)}</td>
              <td className="num">
                {num(p.stopLoss)} / {num(p.takeProfit)}
              </td>
              {!sessionId && (
                <td>
                  <Link href={`/sessions/${p.sessionId}`}>{shortId(p.sessionId)}</Link>
                </td>
              )}
              <td>{dateTime(p.openedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
