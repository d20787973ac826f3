// Reconciliation: the venue is the truth for what is held and what rests on the book. Every
// difference with the database is fixed in the database and recorded as a ReconciliationEvent.
import type { Order as VenueOrder } from '../core/exchange/types';
import type { Repositories } from '../infra/adapters/db';
import type { ExchangePlugin } from '../core/exchange/types';
import type { TradingMode } from '../workflows/trading-contract';
import { syncProtectionFills } from './protection-sync';
import { readAccount, type AccountSnapshot } from './session-venue';

export interface SessionRef {
  sessionId: string;
  mode: TradingMode;
  exchange: string;
  symbols: string[];
}

export interface DriftEvent {
  kind:
    | 'position_missing_in_db'
    | 'position_missing_on_venue'
    | 'position_mismatch'
    | 'order_missing_in_db'
    | 'order_status_mismatch'
    | 'order_missing_on_venue';
  symbol: string;
  details: Record<string, unknown>;
}

export interface ReconcileResult {
  drift: DriftEvent[];
  account: AccountSnapshot;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const purposeOf = (o: VenueOrder) =>
  (o.type === 'stop_market' || o.type === 'trailing_stop_market'
    ? 'stop_loss'
    : o.type === 'take_profit_market'
      ? 'take_profit'
      : 'entry') as 'stop_loss' | 'take_profit' | 'entry';

export async function reconcileSession(
  repos: Pick<Repositories, 'orders' | 'positions' | 'reconciliationEvents' | 'trades'>,
  venue: ExchangePlugin,
  ref: SessionRef,
): Promise<ReconcileResult> {
  const drift: DriftEvent[] = [];
  const account = await readAccount(venue, ref.symbols);

  const dbPositions = await repos.positions.listOpen(ref.sessionId);
  for (const symbol of ref.symbols) {
    const held = account.positions.find((p) => p.symbol === symbol);
    const rows = dbPositions.filter((p) => p.symbol === symbol);
    const [row, ...extra] = rows;
    for (const x of extra) {
      await repos.positions.close(x.id, new Date());
      drift.push({ kind: 'position_mismatch', symbol, details: { duplicateRowClosed: x.id } });
    }
    if (held && !row) {
      const positionId = await repos.positions.create({
        sessionId: ref.sessionId,
        exchange: ref.exchange,
        symbol,
        side: held.side,
        size: held.quantity,
        entryPrice: held.entryPrice ?? held.markPrice ?? 0,
        markPrice: held.markPrice,
      });
      drift.push({
        kind: 'position_missing_in_db',
        symbol,
        details: { positionId, side: held.side, quantity: held.quantity },
      });
    } else if (!held && row) {
      await repos.positions.close(row.id, new Date());
      drift.push({
        kind: 'position_missing_on_venue',
        symbol,
        details: { positionId: row.id, side: row.side, size: row.size },
      });
    } else if (held && row && (row.side !== held.side || !same(row.size, held.quantity))) {
      await repos.positions.resize(row.id, held.side, held.quantity);
      drift.push({
        kind: 'position_mismatch',
        symbol,
        details: {
          positionId: row.id,
          db: { side: row.side, size: row.size },
          venue: { side: held.side, quantity: held.quantity },
        },
      });
    }
  }

  const dbOpen = await repos.orders.listOpen(ref.sessionId);
  const venueOpen = (await Promise.all(ref.symbols.map((s) => venue.fetchOpenOrders(s)))).flat();
  const venueIds = new Set(venueOpen.map((o) => o.clientOrderId));
  for (const o of venueOpen) {
    const row = await repos.orders.findStatus(o.clientOrderId);
    if (!row) {
      await repos.orders.saveFoundOnVenue(ref, purposeOf(o), o);
      drift.push({
        kind: 'order_missing_in_db',
        symbol: o.symbol,
        details: { clientOrderId: o.clientOrderId, side: o.side, type: o.type, amount: o.amount },
      });
    } else if (row.status !== 'open') {
      await repos.orders.updateState(row.id, { status: o.status, filled: o.filled, exchangeOrderId: o.id });
      drift.push({
        kind: 'order_status_mismatch',
        symbol: o.symbol,
        details: { clientOrderId: o.clientOrderId, db: row.status, venue: o.status },
      });
    }
  }
  for (const row of dbOpen) {
    if (venueIds.has(row.clientOrderId)) continue;
    const found = await venue.fetchOrderByClientId(row.clientOrderId, row.symbol);
    // Not on the venue at all: it was never placed (a crash between recording and placing). What the
    // venue does not say stays as stored.
    const status = found?.status ?? 'canceled';
    await repos.orders.updateState(row.id, {
      status,
      filled: found?.filled,
      average: found?.average,
      exchangeOrderId: found?.id,
    });
    drift.push({
      kind: found ? 'order_status_mismatch' : 'order_missing_on_venue',
      symbol: row.symbol,
      details: { clientOrderId: row.clientOrderId, db: 'open', venue: found?.status ?? 'absent' },
    });
  }

  // A stop-loss or take-profit found filled above is only half repaired: its trade closes and its
  // twin is cancelled by the same step a cycle's sync takes.
  for (const symbol of ref.symbols)
    await syncProtectionFills(
      repos,
      venue,
      { sessionId: ref.sessionId, mode: ref.mode, exchange: ref.exchange, symbol },
      new Date(),
    );

  if (drift.length) {
    await repos.reconciliationEvents.recordAll(ref.sessionId, drift);
  }
  return { drift, account };
}
