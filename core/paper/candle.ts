// Advances the account by one closed candle of the price source. Within a candle the order of
// events is unknown, so the rule is fixed and conservative: orders left over from earlier candles
// fill at the open; then stop-loss (fixed or trailing) before take-profit; then the trailing stops
// still open move with the candle's extreme, so a level is only ever checked against candles after
// the one that set it; then resting limits; then liquidation at the candle's extreme; then funding
// at the funding times the candle spans.
import { ExchangeError, type MarketInfo, type OHLCVRow } from '../exchange/types';
import { trailingStopLevel } from '../exits/trailing-stop';
import { DUST, wallet } from './account';
import { closeOrder, recordChange, slipped, tryFill } from './fill-order';
import { liquidationPrice } from './liquidation';
import { draft, noEvents } from './state';
import type { PaperConfig, PaperEvents, PaperOrder, PaperResult, PaperState } from './types';

export interface CandleContext {
  market: MarketInfo;
  cfg: PaperConfig;
  timeframeMs: number;
  /** Current funding rate per interval for a swap market; no funding is charged without it. */
  fundingRate?: number;
}

function assertCandle(symbol: string, candle: OHLCVRow): void {
  const [time, open, high, low, close, volume] = candle;
  const finite = candle.every((v) => Number.isFinite(v));
  if (!finite || high < low || open > high || open < low || close > high || close < low || volume < 0 || time < 0) {
    throw new ExchangeError(
      'exchange',
      'paper',
      `${symbol}: malformed candle from the price source: [${candle.join(', ')}]`,
    );
  }
}

function eligible(order: PaperOrder, symbol: string, candleTime: number): boolean {
  // An order only sees candles that opened after it was placed: no fill on prices that came before it.
  return order.status === 'open' && order.symbol === symbol && order.timestamp <= candleTime;
}

/** Stops, fixed or trailing, exit on the adverse move and come before take-profits. */
function isStop(order: PaperOrder): boolean {
  return order.type === 'stop_market' || order.type === 'trailing_stop_market';
}

function triggered(order: PaperOrder, high: number, low: number): boolean {
  const firesBelow = isStop(order) === (order.side === 'sell');
  return firesBelow ? low <= order.triggerPrice! : high >= order.triggerPrice!;
}

/**
 * Moves each open trailing stop after the candle's checks: a sell (protecting a long) trails the
 * high, a buy (protecting a short) the low — the rule the backtest engine applies.
 */
function ratchetTrailingStops(state: PaperState, ctx: CandleContext, candle: OHLCVRow, events: PaperEvents): void {
  const [time, , high, low] = candle;
  for (const order of Object.values(state.orders)) {
    if (!eligible(order, ctx.market.symbol, time) || order.type !== 'trailing_stop_market') continue;
    const level =
      order.side === 'sell'
        ? trailingStopLevel('long', order.triggerPrice!, high, order.trailingPercent!)
        : trailingStopLevel('short', order.triggerPrice!, low, order.trailingPercent!);
    if (level === order.triggerPrice) continue;
    order.triggerPrice = level;
    order.updatedAt = time + ctx.timeframeMs - 1;
    recordChange(events, order);
  }
}

function runProtection(state: PaperState, ctx: CandleContext, candle: OHLCVRow, events: PaperEvents): void {
  const [time, open, high, low] = candle;
  const closeTime = time + ctx.timeframeMs - 1;
  const protective = Object.values(state.orders)
    .filter((o) => eligible(o, ctx.market.symbol, time) && (isStop(o) || o.type === 'take_profit_market'))
    .sort((a, b) => (isStop(a) === isStop(b) ? a.timestamp - b.timestamp : isStop(a) ? -1 : 1));
  for (const order of protective) {
    if (order.status !== 'open' || !triggered(order, high, low)) continue;
    const trigger = order.triggerPrice!;
    // A gap through the trigger fills at the open, which is worse than the trigger for a stop.
    const gapped = order.side === 'sell' ? open < trigger : open > trigger;
    const base = gapped ? open : trigger;
    if (ctx.market.type === 'spot') {
      const holdings = wallet(state, ctx.market.base);
      if (holdings <= DUST) {
        closeOrder(events, order, 'canceled', closeTime, `nothing to sell: ${ctx.market.base} wallet is empty`);
        continue;
      }
      order.amount = Math.min(order.amount, order.filled + holdings);
    }
    tryFill(
      state,
      ctx.market,
      ctx.cfg,
      order,
      {
        price: slipped(base, order.side, ctx.cfg),
        capacity: Number.POSITIVE_INFINITY,
        takerOrMaker: 'taker',
        time: closeTime,
      },
      events,
    );
    if (order.status === 'open')
      closeOrder(events, order, 'canceled', closeTime, 'triggered order could not fill in full; remainder canceled');
  }
}

function liquidate(state: PaperState, ctx: CandleContext, candle: OHLCVRow, events: PaperEvents): void {
  const position = state.positions[ctx.market.symbol];
  if (!position) return;
  const [time, open, high, low] = candle;
  const threshold = liquidationPrice(position, ctx.cfg.maintenanceMarginRate);
  const long = position.contracts > 0;
  const hit = long ? low <= threshold : high >= threshold;
  if (!hit) return;
  // A gap through the liquidation price closes at the open: the loss can then exceed the margin.
  const price = long ? Math.min(open, threshold) : Math.max(open, threshold);
  const closeTime = time + ctx.timeframeMs - 1;
  const order: PaperOrder = {
    id: `${state.orderIdPrefix}-${state.nextOrderSeq}`,
    clientOrderId: `liquidation-${state.nextOrderSeq}`,
    symbol: position.symbol,
    side: position.contracts > 0 ? 'sell' : 'buy',
    type: 'market',
    status: 'open',
    amount: Math.abs(position.contracts),
    filled: 0,
    cost: 0,
    fee: 0,
    reduceOnly: true,
    timestamp: closeTime,
    updatedAt: closeTime,
    fills: [],
    reserved: 0,
    reason: `liquidated: price reached ${threshold}`,
  };
  state.nextOrderSeq += 1;
  state.orders[order.id] = order;
  recordChange(events, order);
  tryFill(
    state,
    ctx.market,
    ctx.cfg,
    order,
    { price, capacity: Number.POSITIVE_INFINITY, takerOrMaker: 'taker', time: closeTime },
    events,
  );
}

function chargeFunding(state: PaperState, ctx: CandleContext, candle: OHLCVRow, events: PaperEvents): void {
  if (ctx.market.type !== 'swap' || ctx.fundingRate === undefined) return;
  const [time, , , , close] = candle;
  const interval = ctx.cfg.fundingIntervalMs;
  const symbol = ctx.market.symbol;
  for (let t = Math.floor(time / interval) * interval + interval; t <= time + ctx.timeframeMs; t += interval) {
    if (t <= (state.lastFundingTime[symbol] ?? -Infinity)) continue;
    state.lastFundingTime[symbol] = t;
    const position = state.positions[symbol];
    if (!position) continue;
    // Positive rate: longs pay shorts.
    const amount = -position.contracts * close * ctx.fundingRate;
    const q = state.quoteCurrency;
    state.balances[q] = wallet(state, q) + amount;
    if (state.balances[q] < 0) {
      state.badDebt += -state.balances[q];
      state.balances[q] = 0;
    }
    events.funding.push({ symbol, time: t, rate: ctx.fundingRate, markPrice: close, amount });
  }
}

export function processCandle(state: PaperState, candle: OHLCVRow, ctx: CandleContext): PaperResult {
  const symbol = ctx.market.symbol;
  assertCandle(symbol, candle);
  const [time, open, high, low, close, volume] = candle;
  if (time <= (state.cursor[symbol] ?? -Infinity)) return { state, value: undefined, ...noEvents() };
  const next = draft(state);
  const events = noEvents();
  const capacity = volume * ctx.cfg.volumeShare;
  const closeTime = time + ctx.timeframeMs - 1;
  if (next.positions[symbol]) next.positions[symbol].markPrice = open;

  for (const order of Object.values(next.orders)) {
    if (eligible(order, symbol, time) && order.type === 'market') {
      tryFill(
        next,
        ctx.market,
        ctx.cfg,
        order,
        { price: slipped(open, order.side, ctx.cfg), capacity, takerOrMaker: 'taker', time },
        events,
      );
    }
  }
  runProtection(next, ctx, candle, events);
  ratchetTrailingStops(next, ctx, candle, events);
  for (const order of Object.values(next.orders)) {
    if (!eligible(order, symbol, time) || order.type !== 'limit') continue;
    const crossed = order.side === 'buy' ? low < order.price! : high > order.price!;
    if (crossed)
      tryFill(
        next,
        ctx.market,
        ctx.cfg,
        order,
        { price: order.price!, capacity, takerOrMaker: 'maker', time: closeTime },
        events,
      );
  }
  liquidate(next, ctx, candle, events);
  chargeFunding(next, ctx, candle, events);
  if (next.positions[symbol]) next.positions[symbol].markPrice = close;
  next.cursor[symbol] = time;
  return { state: next, value: undefined, ...events };
}
