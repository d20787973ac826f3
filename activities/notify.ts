// Tells the world what a cycle did: one line on the log channel, and events on Redis that every
// gateway fans out to the dashboard. Best effort: a notification never fails a cycle.
import type { GatewayEvent } from '../core/events/gateway-event';
import { cycleNotifications } from '../core/notify/cycle-notifications';
import { purposeOfClientOrderId } from './order-ids';
import { activityNotifier } from './notifier';
import type { ProtectionLock } from '../core/protections/types';
import type { TradingCycleResult } from '../workflows/trading-contract';
import { publishEventsToRedis } from '../infra/adapters/events/publish-event';
import type { ActivityDeps } from './deps';
import type { ExecutedOrder } from './execution';

export interface CycleNotice {
  sessionId: string;
  exchange: string;
  mode: string;
  result: TradingCycleResult;
  summary: string;
  equity?: number;
  /** The cycle's orders that filled (entry, exit, compensation). */
  fills?: ExecutedOrder[];
  /** Protection locks that started since the previous candle: each announced once, with its reason and end. */
  newLocks?: ProtectionLock[];
  /** The symbol's position after the cycle; undefined when unknown (recording failed). */
  position?: { side: 'long' | 'short'; quantity: number; entryPrice: number } | null;
}

export function createNotifyActivities(deps: ActivityDeps) {
  const log = deps.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // The channels' messages: started as their own workflows, so a channel that is down costs the
  // cycle nothing (the publisher never throws).
  const notifier = activityNotifier(deps);
  const publishCycleNotifications = async (n: CycleNotice) => {
    const r = n.result;
    const order = r.order && { ...r.order, purpose: purposeOfClientOrderId(r.order.clientOrderId) ?? 'entry' };
    await notifier.publish(
      cycleNotifications({
        sessionId: n.sessionId,
        exchange: n.exchange,
        mode: n.mode,
        cycleId: r.cycleId,
        symbol: r.symbol,
        candleCloseMs: r.candleCloseMs,
        action: r.action,
        verdict: r.verdict,
        reasons: r.reasons,
        ...(order ? { order } : {}),
        fills: n.fills ?? [],
        newLocks: n.newLocks ?? [],
        realizedPnl: r.realizedPnl,
        compensated: r.compensated,
        ...(n.equity !== undefined ? { equity: n.equity } : {}),
        ...(r.llmBudget ? { llmBudget: r.llmBudget } : {}),
      }),
    );
  };
  return {
    async notifyCycle(n: CycleNotice): Promise<{ published: number }> {
      const logChannels = deps.config.notifications.filter((c) => c.type === 'log');
      for (const c of logChannels) log(`[${c.level}] ${n.summary}`);
      await publishCycleNotifications(n);
      const ts = Date.now();
      const events: { type: string; data: unknown }[] = [
        { type: 'decision', data: { sessionId: n.sessionId, ...n.result } },
      ];
      if (n.result.order)
        events.push({
          type: 'order',
          data: { sessionId: n.sessionId, cycleId: n.result.cycleId, symbol: n.result.symbol, ...n.result.order },
        });
      for (const f of n.fills ?? [])
        events.push({
          type: 'fill',
          data: {
            sessionId: n.sessionId,
            cycleId: n.result.cycleId,
            symbol: n.result.symbol,
            purpose: f.purpose,
            clientOrderId: f.clientOrderId,
            side: f.side,
            filled: f.filled,
            average: f.average,
          },
        });
      if (n.position !== undefined)
        events.push({
          type: 'position',
          data: { sessionId: n.sessionId, symbol: n.result.symbol, position: n.position },
        });
      for (const lock of n.newLocks ?? []) {
        if (logChannels.length) log(`[warn] session ${n.sessionId}: ${lock.reason}`);
        events.push({ type: 'protection.lock', data: { sessionId: n.sessionId, ...lock } });
      }
      if (n.equity !== undefined)
        events.push({
          type: 'equity',
          data: { sessionId: n.sessionId, equity: n.equity, time: n.result.candleCloseMs },
        });
      const errors = await publishEventsToRedis(
        deps.redis,
        events.map((e): GatewayEvent => ({ ...e, ts })),
      );
      let published = 0;
      errors.forEach((err, i) => {
        if (err) log(`[warn] could not publish ${events[i].type} event: ${err.message}`);
        else published++;
      });
      return { published };
    },
  };
}
