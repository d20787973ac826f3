'use client';

import Link from 'next/link';
import type { Position, PositionList } from '../../lib/gateway-types';
import { dateTime, num, qty, shortId, signed, tone } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { ApiView } from './api-view';
import { DataTable, type Column } from './data-table';

/** Positions of one session (no Session column then), or of all. */
function columns(sessionId: string | undefined): (Column<Position> | false)[] {
  return [
    { head: 'Symbol', cell: (p) => p.symbol },
    { head: 'Side', tone: (p) => (p.side === 'long' ? 'up' : 'down'), cell: (p) => p.side },
    { head: 'Size', num: true, cell: (p) => qty(p.size) },
    { head: 'Entry', num: true, cell: (p) => num(p.entryPrice) },
    { head: 'Mark', num: true, cell: (p) => num(p.markPrice) },
    { head: 'Unrealised PnL', num: true, tone: (p) => tone(p.unrealizedPnl), cell: (p) => signed(p.unrealizedPnl) },
    { head: 'SL / TP', num: true, cell: (p) => `${num(p.stopLoss)} / ${num(p.takeProfit)}` },
    !sessionId && {
      head: 'Session',
      cell: (p) => (p.sessionId ? <Link href={`/sessions/${p.sessionId}`}>{shortId(p.sessionId)}</Link> : '—'),
    },
    { head: 'Opened', cell: (p) => dateTime(p.openedAt) },
  ];
}

/** Open positions with unrealised PnL (of one session, or all); refreshed on position and fill events. */
export function PositionsTable({ sessionId }: { sessionId?: string }) {
  const positions = useApi<PositionList>('/positions', { sessionId, status: 'open', limit: 100 }, 15_000);
  // A kill or stop closes positions outside any cycle: its session events refresh the table too.
  useGatewayEvents<{ sessionId?: string }>(
    ['position', 'fill', 'session', 'session.flattened', 'session.reconciled'],
    (e) => {
      if (!sessionId || e.data?.sessionId === sessionId) positions.reload();
    },
  );
  return (
    <ApiView state={positions} what="positions">
      {(page) => (
        <DataTable
          rows={page.items}
          columns={columns(sessionId)}
          rowKey={(p) => p.id}
          empty="No open positions."
          testId="positions"
        />
      )}
    </ApiView>
  );
}
