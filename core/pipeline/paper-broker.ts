// The pipeline backtest's venue: the paper engine a paper session trades on (core/paper), driven by
// the candle clock instead of a price feed, and the cycle's order sequence on top of it: entry (the
// rest of a partial fill canceled), exchange-side stop-loss / take-profit for what filled, the
// post-trade check, and the compensations when any of them fails; an exit is a reduce-only close
// that also cancels the position's protection orders. Trades are kept as the session's ledger keeps
// them (core/ledger's matching), so their PnL is the PnL a session would record. Everything the
// broker knows is one plain-JSON BrokerState, so a chunked run can stop after any candle and go on
// in another process exactly where it was.
import { amountToPrecision, priceToPrecision } from '../exchange/precision';
import type { MarketInfo, OHLCVRow, OrderSide } from '../exchange/types';
import { matchExit, type LedgerTrade } from '../ledger/match-exit';
import {
  balancesView,
  cancelOrder,
  createPaperState,
  placeOrder,
  placeProtectionOrder,
  positionsView,
  processCandle,
  pruneClosedOrders,
  type PaperConfig,
  type PaperOrder,
  type PaperState,
  type QuoteContext,
} from '../paper';
import type { ExitReason, ProtectionTrade } from '../protections/types';
import { marginAccount, spotAccount, spotHolding, type AccountView } from '../risk/account-view';
import type { RiskVerdict } from '../risk/risk-types';
import type { VenueQuote } from '../sim/venue-quote';
import { postTradeCheck, type ExecutionLimits } from './post-trade-check';

export type BrokerPurpose = 'entry' | 'close' | 'stop_loss' | 'take_profit' | 'compensation';

export interface BrokerOrder {
  clientOrderId: string;
  purpose: BrokerPurpose;
  side: OrderSide;
  quantity: number;
  filled: number;
  average?: number;
  status: string;
  triggerPrice?: number;
}

export interface BrokerTrade extends ProtectionTrade {
  quantity: number;
  entryPrice: number;
  exitPrice: number;
  fee: number;
}

export interface ExecutionReport {
  orders: BrokerOrder[];
  notes: string[];
  compensated: boolean;
  realizedPnl: number;
}

export type BrokerAccount = AccountView;

export interface OpenLedgerTrade extends LedgerTrade {
  entryTime: number;
}

/** The broker between two candles, JSON in and out (key order included: the paper engine iterates its orders). */
export interface BrokerState {
  paper: PaperState;
  /** What each of our client order ids was placed for. */
  purposes: Record<string, BrokerPurpose>;
  /** The ledger's open trades, oldest first. */
  open: OpenLedgerTrade[];
  /** Closed trades, in the order they closed: protections and the risk step's track record read all of them. */
  trades: BrokerTrade[];
  feesPaid: number;
  /** Numbers the end-of-run closes' order ids. */
  seq: number;
  /**
   * Stops and take-profits that filled in candles applied since the last settle: their trades close
   * at the next settle, after that cycle's decision, as the session's recording settles them.
   */
  unsettled: PaperOrder[];
}

export interface BrokerOptions {
  /** When set, the stop-loss is an exchange-side trailing stop this many percent behind the best price. */
  trailingStopPct?: number;
}

export function initialBrokerState(market: MarketInfo, initialQuote: number): BrokerState {
  const quote = market.settle ?? market.quote;
  return {
    paper: createPaperState(quote, { [quote]: initialQuote }, 'backtest'),
    purposes: {},
    open: [],
    trades: [],
    feesPaid: 0,
    seq: 0,
    unsettled: [],
  };
}

const PROTECTIVE = new Set(['stop_market', 'take_profit_market', 'trailing_stop_market']);

export class PaperBroker {
  private state: PaperState;
  private readonly purposes: Record<string, BrokerPurpose>;
  private open: OpenLedgerTrade[];
  readonly trades: BrokerTrade[];
  feesPaid: number;
  private seq: number;
  private unsettled: PaperOrder[];

  /** Takes `from` over: the broker mutates its arrays in place, so hand it a copy to keep the original. */
  constructor(
    private readonly market: MarketInfo,
    private readonly cfg: PaperConfig,
    from: BrokerState,
    private readonly timeframeMs: number,
    private readonly options: BrokerOptions = {},
  ) {
    this.state = from.paper;
    this.purposes = from.purposes;
    this.open = from.open;
    this.trades = from.trades;
    this.feesPaid = from.feesPaid;
    this.seq = from.seq;
    this.unsettled = from.unsettled;
  }

  /** The broker as it stands, sharing its arrays (serialise it before the next call to keep it). */
  snapshot(): BrokerState {
    return {
      paper: this.state,
      purposes: this.purposes,
      open: this.open,
      trades: this.trades,
      feesPaid: this.feesPaid,
      seq: this.seq,
      unsettled: this.unsettled,
    };
  }

  /** Applies one closed candle: protection orders that trigger in it fill (their trades close at the next settle). */
  advance(candle: OHLCVRow, fundingRate?: number): void {
    // With no order open and no position the candle can change nothing (spot holdings carry no
    // margin, funding or liquidation), so the engine's copy-on-write pass is skipped.
    if (this.idle()) return;
    const r = processCandle(this.state, candle, {
      market: this.market,
      cfg: this.cfg,
      timeframeMs: this.timeframeMs,
      fundingRate,
    });
    this.state = r.state;
    for (const id of r.changedOrderIds) {
      const o = this.state.orders[id];
      if (o && PROTECTIVE.has(o.type) && o.filled > 0 && o.status !== 'open') this.unsettled.push(o);
    }
    this.state = pruneClosedOrders(this.state);
  }

  /**
   * Closes the trades of the stops and take-profits that filled since the last settle, at `time` (the
   * cycle's candle close, when the session's recording settles them); returns the PnL realised.
   */
  settle(time: number): number {
    let realized = 0;
    for (const o of this.unsettled.splice(0)) realized += this.closeTrades(o, exitReasonOfType(o.type), time);
    return realized;
  }

  private idle(): boolean {
    for (const o of Object.values(this.state.orders)) if (o.status === 'open') return false;
    return Object.keys(this.state.positions).length === 0;
  }

  private cached?: { state: PaperState; mark: number; account: BrokerAccount };

  /** The account as the cycle's snapshot reads it from the venue (readAccount's rules). */
  account(mark: number): BrokerAccount {
    const c = this.cached;
    if (c && c.state === this.state && c.mark === mark) return c.account;
    const account = this.readAccount(mark);
    this.cached = { state: this.state, mark, account };
    return account;
  }

  private readAccount(mark: number): BrokerAccount {
    const balances = balancesView(this.state);
    const quote = this.state.quoteCurrency;
    if (this.market.type === 'swap')
      return marginAccount(balances, quote, positionsView(this.state, this.cfg.maintenanceMarginRate));
    const held = balances[this.market.base]?.total ?? 0;
    const holding = spotHolding(this.market, held, mark, this.openEntryPrice() ?? mark);
    return spotAccount(balances, quote, holding ? [holding] : []);
  }

  /** Everything the session's cycle does with an approved verdict, against `quote` at `now`. */
  execute(
    verdict: RiskVerdict,
    cycleId: string,
    quote: VenueQuote,
    liquidity: number,
    now: number,
    limits: ExecutionLimits,
  ): ExecutionReport {
    const report: ExecutionReport = { orders: [], notes: [], compensated: false, realizedPnl: 0 };
    if (verdict.verdict === 'veto' || !verdict.side) return report;
    const ctx: QuoteContext = { market: this.market, cfg: this.cfg, now, quote, liquidity };
    const side = verdict.side;
    const swap = this.market.type === 'swap';
    if (verdict.reduceOnly) {
      const held = this.heldQuantity(side === 'sell' ? 'long' : 'short', quote.last);
      const amount = amountToPrecision(this.market, Math.min(verdict.quantity, held));
      // The recording settles earlier stops before this exit closes trades: the same order here.
      report.realizedPnl += this.settle(now);
      try {
        if (amount > 0) {
          const o = this.place(ctx, cycleId, 'close', side, amount, swap);
          report.orders.push(o.summary);
          report.realizedPnl += this.closeTrades(o.order, 'signal', now);
        } else report.notes.push('nothing left to close');
        this.cancelProtection(now);
      } catch (e) {
        // As the cycle does: a refused exit is noted, and the position keeps its protection.
        report.notes.push(`exit failed: ${(e as Error).message}`);
      }
      return report;
    }

    const undo: (() => void)[] = [];
    const compensate = (why: string) => {
      report.notes.push(`compensating: ${why}`);
      report.compensated = true;
      // As the cycle's compensation stack: a failing step is noted, never thrown, and the rest still run.
      for (const step of undo.reverse()) {
        try {
          step();
        } catch (e) {
          report.notes.push(`compensation step FAILED (${(e as Error).message})`);
        }
      }
    };
    undo.push(() => {
      const flat = this.flattenEntry(ctx, cycleId, side === 'buy' ? 'long' : 'short');
      if (flat) {
        report.orders.push(flat.summary);
        report.realizedPnl += this.closeTrades(flat.order, 'other', now);
      }
    });
    const amount = amountToPrecision(this.market, verdict.quantity);
    let entry: { order: PaperOrder; summary: BrokerOrder };
    try {
      if (!(amount > 0)) throw new Error(`quantity ${verdict.quantity} rounds to 0 at the venue's amount step`);
      entry = this.place(ctx, cycleId, 'entry', side, amount, false);
    } catch (e) {
      compensate((e as Error).message);
      return report;
    }
    if (entry.order.status === 'open') this.state = cancelOrder(this.state, entry.order.id, now).state;
    const placed = this.state.orders[entry.order.id] ?? entry.order;
    entry.summary = summarize(placed, 'entry');
    report.orders.push(entry.summary);
    if (!(placed.filled > 0)) {
      compensate(`entry filled nothing (status ${placed.status})`);
      return report;
    }
    this.open.push({
      id: placed.clientOrderId,
      side: side === 'buy' ? 'long' : 'short',
      quantity: placed.filled,
      entryPrice: placed.cost / placed.filled,
      fee: placed.fee,
      entryTime: now,
    });
    // The recording opens the entry's trade, then settles earlier stops: the same order here.
    report.realizedPnl += this.settle(now);
    this.feesPaid += placed.fee;
    try {
      const closing: OrderSide = side === 'buy' ? 'sell' : 'buy';
      for (const kind of ['stop_loss', 'take_profit'] as const) {
        const trailing = kind === 'stop_loss' ? this.options.trailingStopPct : undefined;
        const trigger =
          kind === 'take_profit'
            ? verdict.takeProfit
            : trailing === undefined
              ? verdict.stopLoss
              : trailingTrigger(side, placed.cost / placed.filled, trailing, verdict.stopLoss);
        if (trigger === null) continue;
        undo.push(() => this.cancelOwn(`${cycleId}-${kind}`, now));
        const r = placeProtectionOrder(
          this.state,
          {
            symbol: this.market.symbol,
            kind: trailing === undefined ? kind : 'trailing_stop',
            side: closing,
            amount: amountToPrecision(this.market, placed.filled),
            triggerPrice: priceToPrecision(this.market, trigger),
            ...(trailing === undefined ? {} : { trailingPercent: trailing }),
            clientOrderId: `${cycleId}-${kind}`,
            reduceOnly: true,
          },
          ctx,
        );
        this.state = r.state;
        this.purposes[r.value.clientOrderId] = kind;
        report.orders.push(summarize(r.value, kind));
      }
      const check = postTradeCheck(
        {
          side,
          approvedQuantity: verdict.quantity,
          filled: placed.filled,
          average: placed.cost / placed.filled,
          expectedPrice: quote.last,
        },
        limits,
      );
      if (!check.ok) throw new Error(`post-trade veto: ${check.reasons.join('; ')}`);
    } catch (e) {
      compensate((e as Error).message);
    }
    return report;
  }

  /** Market-closes whatever is held at the end of the run (the engine's `end` exit). */
  closeAll(quote: VenueQuote, now: number): number {
    const ctx: QuoteContext = { market: this.market, cfg: this.cfg, now, quote };
    let realized = 0;
    for (const p of this.account(quote.last).positions) {
      const amount = amountToPrecision(this.market, p.quantity);
      if (!(amount > 0)) continue;
      const o = this.place(
        ctx,
        `end-${this.seq++}`,
        'close',
        p.side === 'long' ? 'sell' : 'buy',
        amount,
        this.market.type === 'swap',
      );
      realized += this.closeTrades(o.order, 'other', now);
    }
    this.cancelProtection(now);
    return realized;
  }

  private place(
    ctx: QuoteContext,
    cycleId: string,
    purpose: BrokerPurpose,
    side: OrderSide,
    amount: number,
    reduceOnly: boolean,
  ) {
    const clientOrderId = `${cycleId}-${purpose}`;
    const r = placeOrder(
      this.state,
      {
        symbol: this.market.symbol,
        side,
        type: 'market',
        amount,
        clientOrderId,
        ...(reduceOnly ? { reduceOnly: true } : {}),
      },
      ctx,
    );
    this.state = r.state;
    this.purposes[clientOrderId] = purpose;
    return { order: r.value, summary: summarize(r.value, purpose) };
  }

  private flattenEntry(ctx: QuoteContext, cycleId: string, side: 'long' | 'short') {
    const entry = Object.values(this.state.orders).find((o) => o.clientOrderId === `${cycleId}-entry`);
    const filled = this.open.find((t) => t.id === `${cycleId}-entry`)?.quantity ?? entry?.filled ?? 0;
    const held = this.heldQuantity(side, ctx.quote.last);
    const amount = amountToPrecision(this.market, Math.min(filled, held));
    if (!(amount > 0)) return null;
    return this.place(
      ctx,
      cycleId,
      'compensation',
      side === 'long' ? 'sell' : 'buy',
      amount,
      this.market.type === 'swap',
    );
  }

  private heldQuantity(side: 'long' | 'short', mark: number): number {
    const p = this.account(mark).positions.find((x) => x.side === side);
    return p ? p.quantity : 0;
  }

  private cancelOwn(clientOrderId: string, now: number): void {
    const o = Object.values(this.state.orders).find((x) => x.clientOrderId === clientOrderId && x.status === 'open');
    if (o) this.state = cancelOrder(this.state, o.id, now).state;
  }

  private cancelProtection(now: number): void {
    for (const o of Object.values(this.state.orders))
      if (o.status === 'open' && PROTECTIVE.has(o.type)) this.state = cancelOrder(this.state, o.id, now).state;
  }

  private openEntryPrice(): number | undefined {
    const qty = this.open.reduce((s, t) => s + t.quantity, 0);
    return qty > 0 ? this.open.reduce((s, t) => s + t.entryPrice * t.quantity, 0) / qty : undefined;
  }

  /** Matches an exit order's fill against the open trades, as the session's ledger does. */
  private closeTrades(order: PaperOrder, reason: ExitReason, time: number): number {
    if (!(order.filled > 0)) return 0;
    this.feesPaid += order.fee;
    const byId = new Map(this.open.map((t) => [t.id, t]));
    // As the ledger does: a stop, take-profit or compensation ends its own entry's trade first.
    const own = order.clientOrderId.match(/^(.*)-(stop_loss|take_profit|trailing_stop|compensation)$/);
    const r = matchExit(
      this.open,
      { filled: order.filled, average: order.cost / order.filled, fee: order.fee },
      own ? `${own[1]}-entry` : undefined,
    );
    let realized = 0;
    for (const c of r.closed) {
      const t = byId.get(c.tradeId)!;
      realized += c.pnl;
      this.trades.push({
        symbol: this.market.symbol,
        side: t.side as 'long' | 'short',
        entryTime: t.entryTime,
        exitTime: time,
        pnl: c.pnl,
        profitRatio: c.pnlPercent === null ? 0 : c.pnlPercent / 100,
        exitReason: reason,
        quantity: c.quantity,
        entryPrice: t.entryPrice,
        exitPrice: c.exitPrice,
        fee: c.fee,
      });
    }
    this.open = r.remaining.map((t) => ({ ...t, entryTime: byId.get(t.id)!.entryTime }));
    return realized;
  }
}

function summarize(o: PaperOrder, purpose: BrokerPurpose): BrokerOrder {
  return {
    clientOrderId: o.clientOrderId,
    purpose,
    side: o.side,
    quantity: o.amount,
    filled: o.filled,
    ...(o.filled > 0 ? { average: o.cost / o.filled } : {}),
    status: o.status,
    ...(o.triggerPrice !== undefined ? { triggerPrice: o.triggerPrice } : {}),
  };
}

/**
 * A trailing stop's first level: `pct` behind the entry fill, or the verdict's fixed stop when that
 * is tighter (the engine's rule: with both, the tighter one is the stop).
 */
function trailingTrigger(side: OrderSide, fill: number, pct: number, stopLoss: number | null): number {
  if (side === 'buy') {
    const level = fill * (1 - pct / 100);
    return stopLoss === null ? level : Math.max(level, stopLoss);
  }
  const level = fill * (1 + pct / 100);
  return stopLoss === null ? level : Math.min(level, stopLoss);
}

function exitReasonOfType(type: string): ExitReason {
  return type === 'stop_market' ? 'stop_loss' : type === 'take_profit_market' ? 'take_profit' : 'trailing_stop';
}
