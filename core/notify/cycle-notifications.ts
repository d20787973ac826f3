// What a trading cycle tells the channels: its entry (placed, filled or canceled), its exits with
// why they closed (signal, stop-loss, take-profit, trailing stop, compensation), the protection locks
// it started, a risk veto, and a spent LLM budget. Pure: the same cycle always gives the same
// notifications with the same keys, so a retried recording publishes nothing twice.
import type { BudgetExhausted } from '../llm/budget';
import type { ProtectionLock } from '../protections/types';
import type { ExitReason, NotificationEvent } from './events';
import { fmtMoney, fmtNum, fmtTime } from './format';
import type { Notification } from './notification';
import { notificationKey } from './notification-key';

export interface CycleOrderFact {
  clientOrderId: string;
  side: 'buy' | 'sell';
  quantity?: number;
  filled: number;
  average?: number;
  status?: string;
  /** entry, close, stop_loss, take_profit, trailing_stop, compensation. */
  purpose: string;
}

export interface CycleFacts {
  sessionId: string;
  exchange: string;
  mode: string;
  cycleId: string;
  symbol: string;
  candleCloseMs: number;
  action: 'BUY' | 'SELL' | 'HOLD';
  verdict: 'approve' | 'resize' | 'veto' | 'none';
  reasons: string[];
  /** The cycle's main order (entry or close) as placed, filled or not. */
  order?: CycleOrderFact;
  /** Every order of the cycle (and stops fired since the last one) that filled. */
  fills: CycleOrderFact[];
  newLocks: ProtectionLock[];
  realizedPnl: number;
  /** Something failed after the entry (SL/TP, recording) and what the cycle opened was undone. */
  compensated?: boolean;
  equity?: number;
  llmBudget?: BudgetExhausted;
}

const EXIT_PURPOSES: Record<string, ExitReason> = {
  close: 'signal',
  stop_loss: 'stop_loss',
  take_profit: 'take_profit',
  trailing_stop: 'trailing_stop',
  compensation: 'compensation',
};

const ENDED_UNFILLED = new Set(['canceled', 'cancelled', 'expired', 'rejected']);

export function cycleNotifications(c: CycleFacts): Notification[] {
  const where = `${c.mode} on ${c.exchange}`;
  const base = (
    event: NotificationEvent,
    id: string,
    title: string,
    lines: string[],
    fields: Notification['fields'],
  ) => ({
    key: notificationKey(event, c.cycleId, id),
    event,
    at: c.candleCloseMs,
    title,
    text: [...lines, `session ${c.sessionId} · ${where} · candle ${fmtTime(c.candleCloseMs)}`].join('\n'),
    fields: {
      sessionId: c.sessionId,
      symbol: c.symbol,
      cycleId: c.cycleId,
      mode: c.mode,
      exchange: c.exchange,
      ...fields,
    },
    sessionId: c.sessionId,
    symbol: c.symbol,
  });
  const why = c.reasons.slice(0, 3).map((r) => `· ${r}`);
  const out: Notification[] = [];

  const o = c.order;
  if (o && o.purpose === 'entry') {
    const filled = c.fills.find((f) => f.clientOrderId === o.clientOrderId);
    if (o.filled === 0 && o.status && ENDED_UNFILLED.has(o.status))
      out.push(
        base(
          'entry_cancel',
          o.clientOrderId,
          `Entry canceled: ${o.side.toUpperCase()} ${c.symbol} (${o.status})`,
          why,
          {
            side: o.side,
            quantity: o.quantity ?? null,
            status: o.status,
          },
        ),
      );
    else
      out.push(
        base(
          'entry',
          o.clientOrderId,
          `${o.side === 'buy' ? 'BUY' : 'SELL'} ${c.symbol} ${fmtNum(o.quantity ?? o.filled)}${filled?.average ? ` @ ${fmtNum(filled.average)}` : ''} (${where})`,
          why,
          { side: o.side, quantity: o.quantity ?? o.filled, filled: o.filled, price: filled?.average ?? null },
        ),
      );
  }
  if (o && o.purpose === 'close')
    out.push(
      base(
        'exit',
        o.clientOrderId,
        `Exit ${c.symbol}: ${o.side.toUpperCase()} ${fmtNum(o.quantity ?? o.filled)} (signal)`,
        why,
        {
          side: o.side,
          quantity: o.quantity ?? o.filled,
          reason: 'signal',
        },
      ),
    );

  const exitFills = c.fills.filter((f) => f.purpose in EXIT_PURPOSES);
  for (const f of c.fills) {
    if (f.purpose === 'entry')
      out.push(
        base(
          'entry_fill',
          f.clientOrderId,
          `Entry filled: ${f.side.toUpperCase()} ${c.symbol} ${fmtNum(f.filled)} @ ${fmtNum(f.average)}`,
          [],
          {
            side: f.side,
            filled: f.filled,
            price: f.average ?? null,
          },
        ),
      );
    const reason = EXIT_PURPOSES[f.purpose];
    if (!reason) continue;
    // The cycle's realized PnL is one exit's when it had one exit, the usual case.
    const pnl = exitFills.length === 1 ? c.realizedPnl : undefined;
    out.push(
      base(
        'exit_fill',
        f.clientOrderId,
        `Exit filled: ${c.symbol} ${fmtNum(f.filled)} @ ${fmtNum(f.average)} (${reason.replace('_', ' ')})${pnl !== undefined ? ` PnL ${fmtMoney(pnl)}` : ''}`,
        c.equity !== undefined ? [`equity ${fmtNum(c.equity)}`] : [],
        { side: f.side, filled: f.filled, price: f.average ?? null, reason, realizedPnl: pnl ?? null },
      ),
    );
  }

  for (const lock of c.newLocks)
    out.push(
      base(
        'protection',
        lock.id,
        `Protection ${lock.protection}: ${lock.scope === 'all' ? 'all entries' : `${lock.symbol ?? c.symbol} entries`} locked until ${fmtTime(lock.until)}`,
        [lock.reason],
        {
          protection: lock.protection,
          scope: lock.scope,
          until: lock.until,
          reason: lock.reason,
        },
      ),
    );

  if (c.verdict === 'veto' && c.action !== 'HOLD')
    out.push(base('risk_veto', 'veto', `Risk veto: ${c.action} ${c.symbol} not placed`, why, { action: c.action }));

  if (c.compensated)
    out.push(
      base(
        'exception',
        'compensated',
        `Cycle ${c.symbol} compensated: what it opened was undone`,
        c.reasons.slice(-3).map((r) => `· ${r}`),
        {
          action: c.action,
        },
      ),
    );

  if (c.llmBudget)
    out.push({
      ...base(
        'llm_budget',
        'budget',
        `LLM budget spent: ${c.llmBudget.scope} ${fmtNum(c.llmBudget.spent)} of ${fmtNum(c.llmBudget.limit)} ${c.llmBudget.unit}`,
        ['the agents fall back as configured (llm.budget.onExhausted)'],
        { ...c.llmBudget },
      ),
      // Once per session and day, not once per cycle that finds it spent.
      key: notificationKey(
        'llm_budget',
        c.sessionId,
        c.llmBudget.scope,
        new Date(c.candleCloseMs).toISOString().slice(0, 10),
      ),
    });
  return out;
}
