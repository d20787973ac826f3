// Writes what a cycle decided and did. Every write is an upsert keyed by the cycle workflow id (Decision,
// its AgentSignals by agent, the EquitySnapshot by session and candle time) or by clientOrderId (Trade),
// so a retried activity never adds a row. Positions are synced from the venue, the source of truth.
import type { AgentSignal } from '../core/agents';
import type { RiskVerdict } from '../core/risk';
import { withRecordedTotals } from '../workflows/cycle-result';
import type { TradingCycleInput } from '../workflows/trading-contract';
import type { Repositories } from '../infra/adapters/db';
import type { OpenPositionRow } from '../infra/adapters/db/repositories/positions';
import { readAccount } from './account-state';
import type { ActivityDeps } from './deps';
import { exchangeCall } from './exchange-failure';
import type { ExecutedOrder } from './execution';
import { createNotifyActivities, type CycleNotice } from './notify';
import { syncProtectionFills } from './protection-sync';
import { closeTrades } from './trade-ledger';

export interface CycleRecord {
  cycleId: string;
  input: TradingCycleInput;
  decision: {
    action: 'BUY' | 'SELL' | 'HOLD';
    confidence: number;
    score: number;
    reasons: string[];
    /** Who decided: the strategy (reviewed by the analysts) or the ensemble. */
    mode?: 'strategy' | 'ensemble';
    sizeFactor?: number;
  };
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

type RecordRepositories = Pick<Repositories, 'decisions' | 'orders' | 'trades' | 'positions' | 'equity'>;

export function createPersistenceActivities(deps: ActivityDeps, repos: RecordRepositories) {
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
      const rows = await repos.decisions.recordWithCycleRows({ id: cycleId, ...decision }, rec.signals);
      // Stops and take-profits found filled now: their exits are announced with this cycle's.
      let protectionFills: ExecutedOrder[] = [];

      const recorded = await exchangeCall(async () => {
        const venue = await deps.venues.forSession(input);
        // The entry's trade first: a stop-loss or take-profit of this very cycle may have filled
        // already, and settling it closes that trade.
        await openEntryTrade(repos, rec, candleTime);
        // Stops and take-profits that fired since the last cycle close their trades before this
        // cycle's exit does. The rows read with the decision predate the entry's trade: read them
        // again when one of this cycle's own filled.
        const ownFired = rec.orders.some(
          (o) =>
            (o.purpose === 'stop_loss' || o.purpose === 'trailing_stop' || o.purpose === 'take_profit') && o.filled > 0,
        );
        const synced = await syncProtectionFills(
          repos,
          venue,
          input,
          candleTime,
          ownFired ? undefined : rows.protection,
        );
        protectionFills = synced.fired;
        // Read again only when a stop fired just now: the first read could not include its trade.
        const protectionPnl = synced.fired.length
          ? await repos.trades.protectionPnlAt(input.sessionId, input.symbol, candleTime)
          : rows.protectionPnl;
        const realizedPnl = protectionPnl + (await closeExitTrades(repos, rec, candleTime));
        const ticker = await venue.fetchTicker(input.symbol);
        // The symbol's open Position row prices a spot holding and is the row to update. It was read
        // with the decision: positions change only below (syncPosition), so it is still current.
        const openRow = async (symbol: string) =>
          symbol === input.symbol ? rows.openPosition : repos.positions.openPosition(input.sessionId, symbol);
        const account = await readAccount(venue, input.symbol, { [input.symbol]: ticker.last }, async (symbol) => {
          const row = await openRow(symbol);
          return row ? row.entryPrice : undefined;
        });
        const held = account.positions.find((p) => p.symbol === input.symbol);
        await syncPosition(repos, rec, held, candleTime, await openRow(input.symbol));
        const unrealized = account.positions.reduce((s, p) => s + p.unrealizedPnl, 0);
        const equity = {
          equity: account.equity,
          cash: account.cash,
          unrealizedPnl: unrealized,
          realizedPnl: input.realizedPnlToday + realizedPnl,
        };
        await repos.equity.save(input.sessionId, candleTime, equity);
        return {
          realizedPnl,
          equity: account.equity,
          position: held ? { side: held.side, quantity: held.quantity, entryPrice: held.entryPrice } : null,
        };
      });
      // Best effort, after the rows are written: a notification never fails (or retries) the recording.
      if (rec.notice)
        await notifyCycle({
          ...rec.notice,
          result: withRecordedTotals(rec.notice.result, recorded),
          fills: [
            ...(rec.notice.fills ?? []),
            ...protectionFills.filter((f) => !rec.notice?.fills?.some((x) => x.clientOrderId === f.clientOrderId)),
          ],
          equity: recorded.equity,
          position: recorded.position,
        }).catch(() => undefined);
      return recorded;
    },
  };
}

/** Opens the Trade of a filled entry (once: a retry leaves it as the first attempt wrote it). */
async function openEntryTrade(repos: Pick<Repositories, 'trades'>, rec: CycleRecord, at: Date): Promise<void> {
  const { input } = rec;
  const entry = rec.orders.find((o) => o.purpose === 'entry' && o.filled > 0);
  if (!entry) return;
  await repos.trades.open({
    id: `trade-${entry.clientOrderId}`,
    sessionId: input.sessionId,
    strategyId: input.strategy.name,
    symbol: input.symbol,
    side: entry.side === 'buy' ? 'long' : 'short',
    action: rec.decision.action,
    entryPrice: entry.average ?? 0,
    quantity: entry.filled,
    fee: entry.fee,
    entryOrderId: entry.clientOrderId,
    openedAt: at,
  });
}

/** Closes open Trades with the cycle's filled exit; returns the PnL realized. */
async function closeExitTrades(repos: Pick<Repositories, 'trades'>, rec: CycleRecord, at: Date): Promise<number> {
  const exit = rec.orders.find((o) => (o.purpose === 'close' || o.purpose === 'compensation') && o.filled > 0);
  if (!exit) return 0;
  return closeTrades(repos.trades, rec.input.sessionId, rec.input.symbol, exit, at);
}

async function syncPosition(
  repos: Pick<Repositories, 'positions'>,
  rec: CycleRecord,
  held:
    | {
        side: 'long' | 'short';
        quantity: number;
        entryPrice: number;
        markPrice?: number;
        unrealizedPnl: number;
        leverage?: number;
      }
    | undefined,
  at: Date,
  open: OpenPositionRow | null,
): Promise<void> {
  const { input } = rec;
  if (!held) {
    if (open) await repos.positions.closeSymbol(input.sessionId, input.symbol, at);
    return;
  }
  // Spot venues do not know entry prices: a position this cycle opened enters at its fill.
  const entry = rec.orders.find((o) => o.purpose === 'entry' && o.filled > 0);
  const values = {
    side: held.side,
    size: held.quantity,
    entryPrice: !open && entry?.average !== undefined ? entry.average : held.entryPrice,
    markPrice: held.markPrice ?? null,
    unrealizedPnl: held.unrealizedPnl,
    leverage: held.leverage ?? 1,
    // A stop-loss / take-profit this cycle did not place leaves the stored one as it is.
    stopLoss: rec.orders.find((o) => o.purpose === 'stop_loss' || o.purpose === 'trailing_stop')?.triggerPrice,
    takeProfit: rec.orders.find((o) => o.purpose === 'take_profit')?.triggerPrice,
  };
  if (open && open.side === held.side) {
    // The common case: a held position marked again every cycle.
    await repos.positions.mark(open.id, values);
    return;
  }
  if (open) await repos.positions.close(open.id, at);
  await repos.positions.open(
    `pos-${rec.cycleId}`.slice(0, 190),
    { sessionId: input.sessionId, exchange: input.exchange, symbol: input.symbol, openedAt: at },
    values,
  );
}
