// Tells the world what a cycle did: one line on the log channel, and events on Redis that every
// gateway fans out to the dashboard. Best effort: a notification never fails a cycle.
import type { GatewayEvent } from '../core/events/gateway-event';
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
  return {
    async notifyCycle(n: CycleNotice): Promise<{ published: number }> {
      const logChannels = deps.config.notifications.filter((c) => c.type === 'log');
      for (const c of logChannels) log(`[${c.level}] ${n.summary}`);
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
