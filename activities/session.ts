// Activities of the tradingSession workflow: the venue clock, the account view behind the status
// query and daily PnL, reconciliation, flattening on kill, the TradingSession row and session events.
import { timeframeToMs } from '../core/exchange/timeframe';
import { Context, sleep } from '@temporalio/activity';
import type { Repositories } from '../infra/adapters/db';
import type { SessionRowInput } from '../infra/adapters/db/repositories/sessions';
import type { TradingCycleResult, PositionView } from '../workflows/trading-contract';
import type { ActivityDeps } from './deps';
import { bestEffortPublisher } from './publish-best-effort';
import { exchangeCall } from './exchange-failure';
import { candleClock, ClockRate, type CandleClock } from './session-clock';
import { flattenSession, type FlattenResult } from './session-flatten';
import { cycleFailed, flattenExits, sessionStarted, sessionStatusNotice } from '../core/notify/session-notifications';
import { activityNotifier } from './notifier';
import { reconcileSession, type DriftEvent, type SessionRef } from './session-reconcile';
import { readAccount, toPositionView, type HeldPosition } from './session-venue';

export type { SessionRef } from './session-reconcile';
export type { CandleClock } from './session-clock';

export interface AccountView {
  equity: number;
  cash: number;
  positions: PositionView[];
}

export interface ReconcileSummary {
  drift: number;
  kinds: DriftEvent['kind'][];
  account: AccountView;
}

export type SessionRowStatus = 'running' | 'paused' | 'stopped' | 'killed' | 'failed';

/** A stepped clock is as fast as its session: the next close is due at once. */
const STEPPED_SPEED = Number.MAX_SAFE_INTEGER;

export type SessionDeps = Pick<ActivityDeps, 'redis' | 'venues' | 'log' | 'notifier' | 'config'>;

type SessionRepositories = Pick<Repositories, 'sessions' | 'orders' | 'positions' | 'reconciliationEvents' | 'trades'>;

export function createSessionActivities(deps: SessionDeps, repos: SessionRepositories) {
  const rates = new Map<string, ClockRate>();

  async function venueTime(exchange: string): Promise<{ venueNowMs: number; speed: number }> {
    const venue = await exchangeCall(() => deps.venues.marketData(exchange));
    const venueNowMs = await exchangeCall(() => venue.fetchTime());
    // Real venues run on wall time; only the sim's clock runs at its own (stored) speed.
    if (venue.id !== 'sim') return { venueNowMs, speed: 1 };
    let rate = rates.get(exchange);
    if (!rate) rates.set(exchange, (rate = new ClockRate()));
    let speed = rate.observe(Date.now(), venueNowMs);
    if (speed === undefined) {
      await new Promise((r) => setTimeout(r, 25));
      speed = rate.observe(Date.now(), await venue.fetchTime());
    }
    return { venueNowMs, speed: speed ?? 1 };
  }

  const entryPriceOf = (sessionId: string) => async (symbol: string) =>
    (await repos.positions.openPosition(sessionId, symbol))?.entryPrice;

  async function views(sessionId: string, held: HeldPosition[]): Promise<PositionView[]> {
    if (!held.length) return [];
    const rows = await repos.positions.listOpen(sessionId);
    return held.map((p) => {
      const row = rows.find((r) => r.symbol === p.symbol);
      return toPositionView(p, row ? { stopLoss: row.stopLoss, takeProfit: row.takeProfit } : undefined);
    });
  }

  async function accountOf(ref: SessionRef): Promise<AccountView> {
    const venue = await exchangeCall(() => deps.venues.forSession(ref));
    const acc = await exchangeCall(() => readAccount(venue, ref.symbols, entryPriceOf(ref.sessionId)));
    return { equity: acc.equity, cash: acc.cash, positions: await views(ref.sessionId, acc.positions) };
  }

  // Events are for live dashboards: a Redis hiccup must not fail the session's bookkeeping.
  const publish = bestEffortPublisher(deps.redis, deps.log);
  const notifier = activityNotifier(deps);

  return {
    /** The venue's clock (SimExchange's simulated one for `sim`) and its rate against wall time. */
    async exchangeTime(exchange: string): Promise<{ venueNowMs: number; speed: number }> {
      return venueTime(exchange);
    },

    /** Where the session stands against the candle grid, on the venue's clock. */
    async nextCandleClose(a: { exchange: string; timeframe: string; afterCloseMs?: number }): Promise<CandleClock> {
      const venue = await exchangeCall(() => deps.venues.marketData(a.exchange));
      if (venue.advanceClock) {
        // A stepped replay: asking for the next close is what moves it (idempotent per close, so a
        // retried call does not skip a candle).
        const now = await exchangeCall(() => venue.advanceClock!(timeframeToMs(a.timeframe), a.afterCloseMs));
        return candleClock(now, a.timeframe, STEPPED_SPEED);
      }
      const t = await venueTime(a.exchange);
      return candleClock(t.venueNowMs, a.timeframe, t.speed);
    },

    /** Equity and positions: what the status query shows and the daily PnL is measured with. */
    async sessionAccount(ref: SessionRef): Promise<AccountView> {
      return accountOf(ref);
    },

    /** DB vs venue positions and open orders; drift fixed in the DB and recorded as ReconciliationEvents. */
    async reconcile(ref: SessionRef): Promise<ReconcileSummary> {
      const venue = await exchangeCall(() => deps.venues.forSession(ref));
      const r = await exchangeCall(() => reconcileSession(repos, venue, ref));
      if (r.drift.length) {
        deps.log?.(
          `session ${ref.sessionId}: reconciliation fixed ${r.drift.length} difference(s): ${r.drift.map((d) => `${d.kind} ${d.symbol}`).join(', ')}`,
        );
        await publish('session.reconciled', { sessionId: ref.sessionId, drift: r.drift });
      }
      const positions = await views(ref.sessionId, r.account.positions);
      return {
        drift: r.drift.length,
        kinds: r.drift.map((d) => d.kind),
        account: { equity: r.account.equity, cash: r.account.cash, positions },
      };
    },

    /** Cancels the session's open orders and closes its positions; idempotent. */
    async flattenSession(a: { ref: SessionRef; tag: string }): Promise<FlattenResult> {
      const venue = await exchangeCall(() => deps.venues.forSession(a.ref));
      const attempt = Context.current().info.attempt;
      const r = await exchangeCall(() => flattenSession(repos, venue, a.ref, a.tag, attempt));
      // Partially filled closes leave something: fail so Temporal retries with the remainder.
      if (r.remaining > 0)
        throw new Error(
          `flatten of session ${a.ref.sessionId}: ${r.remaining} position(s) still open after closing orders`,
        );
      await publish('session.flattened', {
        sessionId: a.ref.sessionId,
        tag: a.tag,
        canceled: r.canceled.length,
        closed: r.closed,
      });
      await notifier.publish(flattenExits(a.ref.sessionId, a.tag, r.closed, Date.now()));
      return r;
    },

    /** Creates or refreshes the TradingSession row (the CLI creates it too; a workflow started elsewhere still gets one). */
    async recordSessionStart(row: SessionRowInput): Promise<void> {
      await repos.sessions.recordStart(row);
      await notifier.publish([sessionStarted({ ...row, at: Date.now() })]);
    },

    async setSessionStatus(a: { sessionId: string; status: SessionRowStatus; reason?: string }): Promise<void> {
      const ended = a.status === 'stopped' || a.status === 'killed' || a.status === 'failed';
      await repos.sessions.setStatus(a.sessionId, a.status, ended ? new Date() : undefined);
      deps.log?.(`session ${a.sessionId}: ${a.status}${a.reason ? ` (${a.reason})` : ''}`);
      await publish('session', { sessionId: a.sessionId, status: a.status, reason: a.reason ?? null });
      const notice = sessionStatusNotice(a.sessionId, a.status, a.reason, Date.now());
      if (notice) await notifier.publish([notice]);
    },

    /** A cycle that failed for good: an exception message to the channels (its candle is lost, the session goes on). */
    async reportCycleFailure(a: {
      sessionId: string;
      symbol: string;
      candleCloseMs: number;
      workflowId: string;
      error: string;
    }): Promise<void> {
      await notifier.publish([cycleFailed(a)]);
    },

    /** The result of a cycle that already ran (or is running) under its deterministic workflow id. */
    async cycleOutcome(cycleWorkflowId: string): Promise<TradingCycleResult> {
      const ctx = Context.current();
      const handle = ctx.client.workflow.getHandle(cycleWorkflowId);
      const result = handle.result() as Promise<TradingCycleResult>;
      for (;;) {
        const done = await Promise.race([result.then((r) => ({ r })), sleep(2_000).then(() => undefined)]);
        if (done) return done.r;
        ctx.heartbeat();
      }
    },
  };
}

export type SessionActivities = ReturnType<typeof createSessionActivities>;
