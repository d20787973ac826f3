// Builds what one cycle sees at its candle close (MarketSnapshot) from the session's venue, stores it
// in Redis (candles never enter Temporal history) and returns a reference plus a readable summary
// holding everything the workflow's risk check needs (price, ATR, account, positions).
import { ApplicationFailure } from '@temporalio/activity';
import type { MarketSnapshot, OpenInterestChange, StrategyAdvice } from '../core/agents';
import { candleSeriesFromRows, timeframeToMs, type CandleSeries } from '../core/candles';
import type { ExchangePlugin, OHLCVRow } from '../core/exchange/types';
import { resolveParams, resolveStrategy, strategyAdviceAt, type StrategyInstance } from '../core/strategies';
import type { TradingCycleInput } from '../workflows/trading-contract';
import type { Repositories } from '../infra/adapters/db';
import { readAccount, type AccountPosition } from './account-state';
import type { ActivityDeps } from './deps';
import { exchangeCall } from './exchange-failure';
import type { SnapshotCache } from './snapshot-cache';
import { encodeSnapshot } from './snapshot-codec';
import { strategyStatsFromRecord } from '../core/risk/strategy-stats';
import type { StrategyStats } from '../core/risk';
import { venueLimitsOf, type VenueLimits } from '../core/risk/venue-limits';
import { TIMEFRAME_LADDER } from '../core/candles/higher-timeframe';
import { round8, SNAPSHOT_WINDOW, snapshotAtr } from '../core/agents/snapshot-window';
import { activeLocks } from '../core/protections';
import { protectionHorizonCandles } from '../core/protections/horizon';
import type { ProtectionLock, ProtectionsConfig } from '../core/protections/types';
import type { IntelView } from '../core/intel/intel-view';
import type { IntelViewSource } from '../infra/adapters/intel/intel-view-cache';

const SNAPSHOT_TTL_S = 6 * 3600;

export interface SnapshotSummary {
  time: number;
  /** Expected fill price: the venue's last price. */
  price: number;
  atr: number | null;
  candles: Record<string, number>;
  quote: string;
  marketType: 'spot' | 'swap';
  account: { equity: number; cash: number };
  position: { side: 'long' | 'short'; quantity: number; entryPrice: number } | null;
  openPositions: AccountPosition[];
  strategyAdvice: string;
  /** The strategy's closed trades (every session), for Kelly sizing; absent without wins and losses. */
  strategyStats?: StrategyStats;
  /** Data the venue does not offer (the agents that need it abstain). */
  missing: string[];
  /** The market's amount step and minimums, which risk sizes with. */
  venue: VenueLimits;
  /** Protection locks in force at this candle close (only when the session configures protections). */
  locks?: ProtectionLock[];
}

export interface SnapshotRef {
  key: string;
  summary: SnapshotSummary;
}

export const snapshotKey = (cycleId: string) => `opentrade:snapshot:${cycleId}`;

export function createSnapshotActivities(
  deps: ActivityDeps,
  repos: Pick<Repositories, 'positions' | 'trades'>,
  cache?: SnapshotCache,
  intel?: IntelViewSource,
) {
  const strategies = new Map<string, StrategyInstance>();
  // Read at every cycle, not cached: sizing must follow every trade closed so far, as the backtest's does.
  const statsOf = async (strategyId: string): Promise<StrategyStats | undefined> =>
    strategyStatsFromRecord(await repos.trades.closedRecord(strategyId));
  const instanceOf = (ref: TradingCycleInput['strategy']): StrategyInstance => {
    const key = `${ref.name}\u0000${JSON.stringify(ref.params ?? {})}`;
    let instance = strategies.get(key);
    if (!instance) {
      const strategy = resolveStrategy(ref.name);
      instance = strategy.create(resolveParams(strategy, ref.params ?? {}));
      strategies.set(key, instance);
    }
    return instance;
  };

  /** Locks from the session's closed trades; drawdown is judged on realised equity (no open PnL). */
  const locksAt = async (
    sessionId: string,
    config: ProtectionsConfig,
    t: number,
    tfMs: number,
    equity: number,
    positions: AccountPosition[],
  ): Promise<ProtectionLock[]> => {
    const since = t - protectionHorizonCandles(config) * tfMs;
    const trades = await repos.trades.closedForProtections(sessionId, since);
    const realised = equity - positions.reduce((s, p) => s + p.unrealizedPnl, 0);
    return activeLocks(trades, config, t, tfMs, realised);
  };

  return {
    async buildSnapshot(input: TradingCycleInput, cycleId: string): Promise<SnapshotRef> {
      const venue = await exchangeCall(() => deps.venues.forSession(input));
      const t = input.candleCloseMs;
      const main = await exchangeCall(() =>
        closedSeries(venue, input.symbol, input.timeframe, t, SNAPSHOT_WINDOW.main),
      );
      const mainMs = timeframeToMs(input.timeframe);
      if (main.length === 0 || main.time[main.length - 1] + mainMs < t) {
        // The venue has not published this candle yet: retried until it has.
        throw ApplicationFailure.create({
          type: 'CandleNotClosed',
          message: `${input.symbol} ${input.timeframe} candle closing at ${new Date(t).toISOString()} is not available yet`,
        });
      }
      const candles: Record<string, CandleSeries> = { [input.timeframe]: main };
      const higher = TIMEFRAME_LADDER.filter((tf) => timeframeToMs(tf) > mainMs && venue.timeframes().includes(tf))[0];
      if (higher)
        candles[higher] = await exchangeCall(() =>
          closedSeries(venue, input.symbol, higher, t, SNAPSHOT_WINDOW.higher),
        );

      const missing: string[] = [];
      const optional = async <T>(what: string, available: boolean, fn: () => Promise<T>): Promise<T | undefined> => {
        if (!available) {
          missing.push(what);
          return undefined;
        }
        try {
          return await fn();
        } catch (e) {
          missing.push(`${what} (${(e as Error).message})`);
          return undefined;
        }
      };
      const ticker = await exchangeCall(() => venue.fetchTicker(input.symbol));
      const book = await optional('order book', venue.has.fetchOrderBook, () =>
        venue.fetchOrderBook(input.symbol, SNAPSHOT_WINDOW.bookLevels),
      );
      const funding = await optional('funding rate', venue.has.fetchFundingRate, () =>
        venue.fetchFundingRate(input.symbol),
      );
      const oi = await optional('open interest', venue.has.fetchOpenInterest && !!venue.fetchOpenInterest, () =>
        openInterestChange(deps, venue, input.exchange, input.symbol),
      );
      const ls = await optional('long/short ratio', venue.has.fetchLongShortRatio && !!venue.fetchLongShortRatio, () =>
        venue.fetchLongShortRatio!(input.symbol),
      );

      // What was known at the close; a database failure leaves it out, never fails the cycle.
      let view: IntelView | undefined;
      if (intel) {
        try {
          view = await intel.viewAt(t);
        } catch (e) {
          missing.push(`intelligence (${(e as Error).message})`);
        }
      } else missing.push('intelligence');

      const price = ticker.last > 0 ? ticker.last : main.close[main.length - 1];
      const account = await exchangeCall(() =>
        readAccount(venue, input.symbol, { [input.symbol]: price }, async (symbol) => {
          const row = await repos.positions.openPosition(input.sessionId, symbol);
          return row ? row.entryPrice : undefined;
        }),
      );
      const held = account.positions.find((p) => p.symbol === input.symbol);
      const market = await exchangeCall(() => venue.market(input.symbol));

      const instance = instanceOf(input.strategy);
      const strategyAdvice: StrategyAdvice | undefined = strategyAdviceAt(instance, main);
      const locks = input.protections
        ? await locksAt(input.sessionId, input.protections, t, mainMs, account.equity, account.positions)
        : undefined;

      const snapshot: MarketSnapshot = {
        exchange: input.exchange,
        symbol: input.symbol,
        timeframe: input.timeframe,
        time: t,
        candles,
        ticker,
        orderBook: book ? { bids: book.bids, asks: book.asks } : undefined,
        fundingRate: funding,
        openInterest: oi,
        longShortRatio: ls,
        position: held ? { side: held.side, quantity: held.quantity, entryPrice: held.entryPrice } : undefined,
        account: { equity: account.equity, cash: account.cash },
        strategyAdvice,
        ...(view ? { intel: view } : {}),
      };
      const stats = await statsOf(input.strategy.name);
      const key = snapshotKey(cycleId);
      const text = encodeSnapshot(snapshot);
      await deps.redis.set(key, text, 'EX', SNAPSHOT_TTL_S);
      cache?.put(key, text);
      return {
        key,
        summary: {
          time: t,
          price,
          atr: snapshotAtr(main),
          candles: Object.fromEntries(Object.entries(candles).map(([tf, s]) => [tf, s.length])),
          quote: account.quote,
          marketType: market.type,
          account: { equity: round8(account.equity), cash: round8(account.cash) },
          position: snapshot.position ?? null,
          openPositions: account.positions,
          strategyAdvice: strategyAdvice ? strategyAdvice.action : `none (fewer than ${instance.warmup + 1} candles)`,
          ...(stats ? { strategyStats: stats } : {}),
          missing,
          venue: venueLimitsOf(market),
          ...(locks ? { locks } : {}),
        },
      };
    },
  };
}

/** Candles of `timeframe` closed at or before `t` (no lookahead, even when the venue's clock is later). */
async function closedSeries(
  venue: ExchangePlugin,
  symbol: string,
  timeframe: string,
  t: number,
  count: number,
): Promise<CandleSeries> {
  const tf = timeframeToMs(timeframe);
  const since = Math.floor(t / tf) * tf - count * tf;
  const rows: OHLCVRow[] = (await venue.fetchOHLCV(symbol, timeframe, since, count)).filter(
    (r) => r[0] >= since && r[0] + tf <= t,
  );
  return candleSeriesFromRows(rows);
}

/** Open interest now against the previous reading kept in Redis (the venue gives only the current one). */
async function openInterestChange(
  deps: ActivityDeps,
  venue: ExchangePlugin,
  exchange: string,
  symbol: string,
): Promise<OpenInterestChange | undefined> {
  const now = await venue.fetchOpenInterest!(symbol);
  const current = now.openInterestAmount ?? now.openInterestValue;
  if (current === undefined) return undefined;
  const key = `opentrade:oi:${exchange}:${symbol}`;
  const prev = await deps.redis.getset(key, JSON.stringify({ value: current, ts: now.timestamp }));
  if (!prev) return undefined;
  const p = JSON.parse(prev) as { value: number; ts: number };
  return { current, previous: p.value, intervalMs: now.timestamp - p.ts };
}
