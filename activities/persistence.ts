// Writes what a cycle decided and did. Every write is an upsert keyed by the cycle workflow id (Decision,
// its AgentSignals by agent, the EquitySnapshot by session and candle time) or by clientOrderId (Trade),
// so a retried activity never adds a row. Positions are synced from the venue, the source of truth.
import { randomUUID } from 'node:crypto';
import type { AgentSignal } from '../core/agents';
import type { RiskVerdict } from '../core/risk';
import { withRecordedTotals } from '../workflows/cycle-result';
import type { TradingCycleInput } from '../workflows/trading-contract';
import { readAccount } from './account-state';
import { openPositionRow, protectionPnlAt } from './cycle-reads';
import type { ActivityDeps } from './deps';
import { exchangeCall } from './exchange-failure';
import type { ExecutedOrder } from './execution';
import { createNotifyActivities, type CycleNotice } from './notify';
import { syncProtectionFills } from './protection-sync';
import { closeTrades } from './trade-ledger';
import { writeDecisionReadCycleRows } from './decision-rows';
import { Prisma } from '../infra/adapters/db';
import { sqlName, sqlOf } from './sql-table';

export interface CycleRecord {
  cycleId: string;
  input: TradingCycleInput;
  decision: { action: 'BUY' | 'SELL' | 'HOLD'; confidence: number; score: number; reasons: string[] };
  signals: AgentSignal[];
  verdict: RiskVerdict | null;
  /** Orders the cycle placed: entry/close, stop-loss, take-profit, compensation. */
  orders: ExecutedOrder[];
  compensated: boolean;
  summary: string;
  /**
   * Announce the cycle once it is recorded (one activity instead of two): the notice as it stands
   * before recording; equity, position and the recording note are added here.
   */
  notice?: Omit<CycleNotice, 'equity' | 'position'>;
}

export interface RecordResult {
  realizedPnl: number;
  equity: number;
  /** The symbol's position on the venue after the cycle. */
  position: { side: 'long' | 'short'; quantity: number; entryPrice: number } | null;
}

export function createPersistenceActivities(deps: ActivityDeps) {
  const { notifyCycle } = createNotifyActivities(deps);
  return {
    async recordCycle(rec: CycleRecord): Promise<RecordResult> {
      const { input, cycleId } = rec;
      const candleTime = new Date(input.candleCloseMs);
      const decision = {
        sessionId: input.sessionId,
        symbol: input.symbol,
        candleTime,
        action: rec.decision.action,
        confidence: rec.decision.confidence,
        reasoning: rec.decision.reasons.join('\n'),
        riskVerdict: rec.verdict ? (JSON.parse(JSON.stringify(rec.verdict)) as object) : undefined,
        summary: rec.summary,
      };
      const rows = await writeDecisionReadCycleRows(deps, { id: cycleId, ...decision }, rec.signals);

      const recorded = await exchangeCall(async () => {
        const venue = await deps.venues.forSession(input);
        // Stops and take-profits that fired since the last cycle close their trades first.
        const synced = await syncProtectionFills(deps, venue, input, candleTime, rows.protection);
        // Read again only when a stop fired just now: the first read could not include its trade.
        const protectionPnl = synced.fired.length ? await protectionPnlAt(deps, input.sessionId, input.symbol, candleTime) : rows.protectionPnl;
        const realizedPnl = protectionPnl + (await recordTrades(deps, rec, candleTime));
        const ticker = await venue.fetchTicker(input.symbol);
        // The symbol's open Position row prices a spot holding and is the row to update. It was read
        // with the decision: positions change only below (syncPosition), so it is still current.
        const openRow = async (symbol: string) => (symbol === input.symbol ? rows.openPosition : openPositionRow(deps, input.sessionId, symbol));
        const account = await readAccount(venue, input.symbol, { [input.symbol]: ticker.last }, async (symbol) => {
          const row = await openRow(symbol);
          return row ? row.entryPrice : undefined;
        });
        const held = account.positions.find((p) => p.symbol === input.symbol);
        await syncPosition(deps, rec, held, candleTime, await openRow(input.symbol));
        const unrealized = account.positions.reduce((s, p) => s + p.unrealizedPnl, 0);
        const equity = { equity: account.equity, cash: account.cash, unrealizedPnl: unrealized, realizedPnl: input.realizedPnlToday + realizedPnl };
        // One SQL upsert: Prisma's compiled upsert cost several times the round trip in worker CPU.
        await sqlOf(deps).rows(Prisma.sql`
          INSERT INTO ${sqlName(deps, 'equity_snapshots')} (id, session_id, time, equity, cash, unrealized_pnl, realized_pnl)
          VALUES (${randomUUID()}, ${input.sessionId}, ${candleTime}, ${equity.equity}, ${equity.cash}, ${equity.unrealizedPnl}, ${equity.realizedPnl})
          ON CONFLICT (session_id, time) DO UPDATE SET equity = EXCLUDED.equity, cash = EXCLUDED.cash,
            unrealized_pnl = EXCLUDED.unrealized_pnl, realized_pnl = EXCLUDED.realized_pnl`);
        return { realizedPnl, equity: account.equity, position: held ? { side: held.side, quantity: held.quantity, entryPrice: held.entryPrice } : null };
      });
      // Best effort, after the rows are written: a notification never fails (or retries) the recording.
      if (rec.notice) await notifyCycle({ ...rec.notice, result: withRecordedTotals(rec.notice.result, recorded), equity: recorded.equity, position: recorded.position }).catch(() => undefined);
      return recorded;
    },
  };
}

/** Opens a Trade for a filled entry, closes open Trades for a filled exit; returns the PnL realized. */
async function recordTrades(deps: ActivityDeps, rec: CycleRecord, at: Date): Promise<number> {
  const { input } = rec;
  const entry = rec.orders.find((o) => o.purpose === 'entry' && o.filled > 0);
  const exit = rec.orders.find((o) => (o.purpose === 'close' || o.purpose === 'compensation') && o.filled > 0);
  if (entry) {
    const side = entry.side === 'buy' ? 'long' : 'short';
    const row = {
      sessionId: input.sessionId,
      strategyId: input.strategy.name,
      symbol: input.symbol,
      side,
      action: rec.decision.action,
      status: 'open',
      entryPrice: entry.average ?? 0,
      quantity: entry.filled,
      fee: entry.fee,
      entryOrderId: entry.clientOrderId,
      openedAt: at,
    };
    // Recorded once: a retry finds the row and leaves it as the first attempt wrote it.
    await sqlOf(deps).rows(Prisma.sql`
      INSERT INTO ${sqlName(deps, 'trades')} (id, session_id, strategy_id, symbol, side, action, status, entry_price, quantity, fee, entry_order_id, opened_at)
      VALUES (${`trade-${entry.clientOrderId}`}, ${row.sessionId}, ${row.strategyId}, ${row.symbol}, ${row.side}, ${row.action}, ${row.status},
        ${row.entryPrice}::numeric, ${row.quantity}::numeric, ${row.fee}::numeric, ${row.entryOrderId}, ${row.openedAt}::timestamptz)
      ON CONFLICT (id) DO NOTHING`);
  }
  if (!exit) return 0;
  return closeTrades(deps, input.sessionId, input.symbol, exit, at);
}

async function syncPosition(
  deps: ActivityDeps,
  rec: CycleRecord,
  held: { side: 'long' | 'short'; quantity: number; entryPrice: number; markPrice?: number; unrealizedPnl: number; leverage?: number } | undefined,
  at: Date,
  open: { id: string; side: string } | null,
): Promise<void> {
  const { input } = rec;
  if (!held) {
    if (open) {
      await sqlOf(deps).rows(Prisma.sql`
        UPDATE ${sqlName(deps, 'positions')} SET status = 'closed', closed_at = ${at}::timestamptz, size = 0, unrealized_pnl = 0, updated_at = NOW()
        WHERE session_id = ${input.sessionId} AND symbol = ${input.symbol} AND status = 'open'`);
    }
    return;
  }
  const sl = rec.orders.find((o) => o.purpose === 'stop_loss')?.triggerPrice;
  const tp = rec.orders.find((o) => o.purpose === 'take_profit')?.triggerPrice;
  // Spot venues do not know entry prices: a position this cycle opened enters at its fill.
  const entry = rec.orders.find((o) => o.purpose === 'entry' && o.filled > 0);
  const entryPrice = !open && entry?.average !== undefined ? entry.average : held.entryPrice;
  const values = { side: held.side, size: held.quantity, entryPrice, markPrice: held.markPrice ?? null, unrealizedPnl: held.unrealizedPnl, leverage: held.leverage ?? 1 };
  // A stop-loss / take-profit this cycle did not place leaves the stored one as it is.
  const set = Prisma.sql`side = ${values.side}, size = ${values.size}::numeric, entry_price = ${values.entryPrice}::numeric,
    mark_price = ${values.markPrice}::numeric, unrealized_pnl = ${values.unrealizedPnl}::numeric, leverage = ${values.leverage}::numeric,
    stop_loss = COALESCE(${sl ?? null}::numeric, positions.stop_loss), take_profit = COALESCE(${tp ?? null}::numeric, positions.take_profit), updated_at = NOW()`;
  const positions = sqlName(deps, 'positions');
  if (open && open.side === held.side) {
    // The common case: a held position marked again every cycle.
    await sqlOf(deps).rows(Prisma.sql`UPDATE ${positions} AS positions SET ${set} WHERE id = ${open.id}`);
    return;
  }
  if (open) await sqlOf(deps).rows(Prisma.sql`UPDATE ${positions} SET status = 'closed', closed_at = ${at}::timestamptz, updated_at = NOW() WHERE id = ${open.id}`);
  const id = `pos-${rec.cycleId}`.slice(0, 190);
  await sqlOf(deps).rows(Prisma.sql`
    INSERT INTO ${positions} AS positions (id, session_id, exchange, symbol, side, size, entry_price, mark_price, stop_loss, take_profit, unrealized_pnl, leverage, opened_at, updated_at)
    VALUES (${id}, ${input.sessionId}, ${input.exchange}, ${input.symbol}, ${values.side}, ${values.size}::numeric, ${values.entryPrice}::numeric, ${values.markPrice}::numeric,
      ${sl ?? null}::numeric, ${tp ?? null}::numeric, ${values.unrealizedPnl}::numeric, ${values.leverage}::numeric, ${at}::timestamptz, NOW())
    ON CONFLICT (id) DO UPDATE SET ${set}`);
}
