// What a trading session tells the channels outside its cycles: that it started, the positions a
// kill, the kill switch or a force exit closed, the kill switch's lock, and its end. Keys are made
// from the session and the order ids, so a retried activity publishes nothing twice.
import type { Notification } from './notification';
import type { ExitReason } from './events';
import { fmtNum } from './format';
import { notificationKey } from './notification-key';

export function sessionStarted(s: {
  sessionId: string;
  mode: string;
  exchange: string;
  symbols: string[];
  timeframe: string;
  strategyName: string;
  at: number;
}): Notification {
  return {
    key: notificationKey('startup', s.sessionId),
    event: 'startup',
    at: s.at,
    title: `Session ${s.sessionId} started: ${s.mode} on ${s.exchange}, ${s.symbols.join(', ')} ${s.timeframe}`,
    text: `strategy ${s.strategyName}${s.mode === 'live' ? '\nLIVE: real orders with real money' : ''}`,
    fields: {
      sessionId: s.sessionId,
      mode: s.mode,
      exchange: s.exchange,
      symbols: s.symbols.join(','),
      timeframe: s.timeframe,
      strategy: s.strategyName,
    },
    sessionId: s.sessionId,
  };
}

/** The reason a flatten's tag stands for: `fx…` a force exit, `ks…` the kill switch, `kill…` a kill. */
export const flattenReason = (tag: string): ExitReason => (tag.startsWith('fx') ? 'force_exit' : 'kill');

export function flattenExits(
  sessionId: string,
  tag: string,
  closed: { symbol: string; side: 'buy' | 'sell'; quantity: number; clientOrderId: string; status: string }[],
  at: number,
): Notification[] {
  const reason = flattenReason(tag);
  const why = tag.startsWith('ks') ? 'kill switch' : reason.replace('_', ' ');
  return closed.map((c) => ({
    key: notificationKey('exit_fill', sessionId, c.clientOrderId),
    event: 'exit_fill',
    at,
    title: `Exit ${c.symbol}: ${c.side.toUpperCase()} ${fmtNum(c.quantity)} at market (${why})`,
    text: `session ${sessionId} · order ${c.clientOrderId} ${c.status}`,
    fields: { sessionId, symbol: c.symbol, side: c.side, quantity: c.quantity, reason, status: c.status, tag },
    sessionId,
    symbol: c.symbol,
  }));
}

/** A status change worth a message: the kill switch's pause (a protection) and the session's end. */
export function sessionStatusNotice(
  sessionId: string,
  status: string,
  reason: string | undefined,
  at: number,
): Notification | undefined {
  const fields = { sessionId, status, reason: reason ?? null };
  if (status === 'paused' && reason?.includes('daily loss limit'))
    return {
      key: notificationKey('protection', sessionId, 'killswitch', new Date(at).toISOString().slice(0, 10)),
      event: 'protection',
      at,
      title: `Kill switch: session ${sessionId} paused`,
      text: reason,
      fields,
      sessionId,
    };
  if (status === 'stopped' || status === 'killed' || status === 'failed')
    return {
      key: notificationKey('warning', sessionId, status),
      event: 'warning',
      at,
      title: `Session ${sessionId} ${status}`,
      text: reason ?? `the session is ${status}`,
      fields,
      sessionId,
    };
  return undefined;
}

/** A cycle that failed for good: its candle is skipped, the session goes on. */
export function cycleFailed(c: {
  sessionId: string;
  symbol: string;
  candleCloseMs: number;
  workflowId: string;
  error: string;
}): Notification {
  return {
    key: notificationKey('exception', c.workflowId),
    event: 'exception',
    at: c.candleCloseMs,
    title: `Cycle failed: ${c.symbol} candle ${new Date(c.candleCloseMs).toISOString().slice(0, 16)}Z skipped`,
    text: `${c.error.slice(0, 500)}\nsession ${c.sessionId} goes on; the cycle ${c.workflowId} is in the Temporal UI`,
    fields: { sessionId: c.sessionId, symbol: c.symbol, workflowId: c.workflowId, error: c.error.slice(0, 500) },
    sessionId: c.sessionId,
    symbol: c.symbol,
  };
}
