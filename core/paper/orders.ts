// Order entry as a venue does it: validation, duplicate client ids, funds checks, the immediate
// (taker) part of an order, and what rests on the book.
import { amountToPrecision, assertOrderWithinLimits, priceToPrecision } from '../exchange/precision';
import { ExchangeError, type MarketInfo, type OrderRequest, type ProtectionOrderRequest } from '../exchange/types';
import { assertTrailingDistance } from '../exits/trailing-stop';
import {
  availableQuote,
  DUST,
  feeRates,
  increasingAmount,
  leverageOf,
  reserveFor,
  wallet,
  reservedIn,
} from './account';
import { closeOrder, recordChange, slipped, tryFill } from './fill-order';
import { draft, noEvents } from './state';
import type { PaperConfig, PaperOrder, PaperResult, PaperState } from './types';

const VENUE = 'paper';

export interface QuoteContext {
  market: MarketInfo;
  cfg: PaperConfig;
  now: number;
  /** Current prices from the price source. */
  quote: { bid?: number; ask?: number; last: number };
  /** Base volume of the latest candle: bounds what an order takes immediately. Undefined = unbounded. */
  liquidity?: number;
}

function invalid(message: string): ExchangeError {
  return new ExchangeError('invalid_order', VENUE, message);
}

function assertNewClientId(state: PaperState, clientOrderId: string): void {
  if (typeof clientOrderId !== 'string' || clientOrderId.length === 0) throw invalid('clientOrderId is required');
  if (Object.values(state.orders).some((o) => o.clientOrderId === clientOrderId)) {
    throw new ExchangeError(
      'duplicate_order',
      VENUE,
      `duplicate clientOrderId "${clientOrderId}": an order with this id already exists`,
    );
  }
}

function assertSymbol(market: MarketInfo, symbol: string): void {
  if (symbol !== market.symbol)
    throw new ExchangeError('bad_symbol', VENUE, `order symbol ${symbol} does not match market ${market.symbol}`);
}

function newOrder(
  state: PaperState,
  fields: Omit<PaperOrder, 'id' | 'status' | 'filled' | 'cost' | 'fee' | 'fills' | 'reserved' | 'updatedAt'>,
): PaperOrder {
  const order: PaperOrder = {
    ...fields,
    id: `${state.orderIdPrefix}-${state.nextOrderSeq}`,
    status: 'open',
    filled: 0,
    cost: 0,
    fee: 0,
    fills: [],
    reserved: 0,
    updatedAt: fields.timestamp,
  };
  state.nextOrderSeq += 1;
  state.orders[order.id] = order;
  return order;
}

function roundedAmount(market: MarketInfo, requested: number): number {
  const amount = amountToPrecision(market, requested);
  if (amount <= 0) {
    throw invalid(
      `${market.symbol}: amount ${requested} rounds to 0 at step ${market.precision.amount}; the minimum amount is ${market.limits.amount.min ?? market.precision.amount} ${market.base}`,
    );
  }
  return amount;
}

function oppositePositionSize(state: PaperState, symbol: string, side: 'buy' | 'sell'): number {
  const p = state.positions[symbol];
  if (!p) return 0;
  return (p.contracts > 0 ? side === 'sell' : side === 'buy') ? Math.abs(p.contracts) : 0;
}

/** Rejects, as the venue would, an order the account cannot pay for in full at `price`. */
function assertFunds(
  state: PaperState,
  market: MarketInfo,
  cfg: PaperConfig,
  req: { symbol: string; side: 'buy' | 'sell'; reduceOnly?: boolean },
  amount: number,
  price: number,
  feeRate: number,
): void {
  if (market.type === 'spot') {
    if (req.side === 'sell') {
      const free = wallet(state, market.base) - reservedIn(state, market.base);
      if (free + DUST < amount)
        throw new ExchangeError(
          'insufficient_funds',
          VENUE,
          `insufficient ${market.base}: selling ${amount} needs ${amount}, free ${free}`,
        );
      return;
    }
    const need = amount * price * (1 + feeRate);
    const free = availableQuote(state);
    if (free + DUST < need)
      throw new ExchangeError(
        'insufficient_funds',
        VENUE,
        `insufficient ${market.quote}: buying ${amount} ${market.base} at ${price} needs ${need.toFixed(8)} ${market.quote} with fees, free ${free.toFixed(8)}`,
      );
    return;
  }
  if (req.reduceOnly) return;
  const leverage = leverageOf(state, market, cfg);
  const growing = increasingAmount(state, req, amount);
  const need = (growing * price) / leverage + amount * price * feeRate;
  const free = availableQuote(state);
  if (free + DUST < need) {
    throw new ExchangeError(
      'insufficient_funds',
      VENUE,
      `insufficient margin: ${amount} ${market.symbol} at ${price} with leverage ${leverage}x needs ${need.toFixed(8)} ${market.quote} (margin + fee), available ${free.toFixed(8)}`,
    );
  }
}

export function placeOrder(state: PaperState, req: OrderRequest, ctx: QuoteContext): PaperResult<PaperOrder> {
  const { market, cfg, now } = ctx;
  assertSymbol(market, req.symbol);
  if (req.side !== 'buy' && req.side !== 'sell') throw invalid(`side must be buy or sell, got ${String(req.side)}`);
  if (req.type !== 'market' && req.type !== 'limit')
    throw invalid(`type must be market or limit, got ${String(req.type)}`);
  if (!(req.amount > 0) || !Number.isFinite(req.amount))
    throw invalid(`${req.symbol}: amount must be a positive number, got ${req.amount}`);
  assertNewClientId(state, req.clientOrderId);
  if (req.reduceOnly && market.type === 'spot')
    throw invalid(`reduceOnly applies to swap markets only; ${market.symbol} is spot`);
  if (req.type === 'limit' && (!(req.price! > 0) || !Number.isFinite(req.price!)))
    throw invalid(`${req.symbol}: a limit order needs a positive price, got ${req.price}`);
  if (!(ctx.quote.last > 0))
    throw new ExchangeError('exchange', VENUE, `${market.symbol}: no current price from the price source`);

  const amount = roundedAmount(market, req.amount);
  const limitPrice = req.type === 'limit' ? priceToPrecision(market, req.price!) : undefined;
  const takerRef = req.side === 'buy' ? (ctx.quote.ask ?? ctx.quote.last) : (ctx.quote.bid ?? ctx.quote.last);
  assertOrderWithinLimits(VENUE, market, amount, limitPrice ?? takerRef);
  if (req.reduceOnly && oppositePositionSize(state, req.symbol, req.side) <= DUST) {
    throw invalid(
      `reduce-only ${req.side} on ${req.symbol} rejected: no ${req.side === 'sell' ? 'long' : 'short'} position to reduce`,
    );
  }

  const marketable = limitPrice === undefined || (req.side === 'buy' ? limitPrice >= takerRef : limitPrice <= takerRef);
  if (req.timeInForce === 'PO' && marketable)
    throw invalid(
      `post-only ${req.side} at ${limitPrice} would take liquidity (best ${req.side === 'buy' ? 'ask' : 'bid'} ${takerRef})`,
    );
  const fees = feeRates(market, cfg);
  const takerPrice =
    limitPrice === undefined
      ? slipped(takerRef, req.side, cfg)
      : req.side === 'buy'
        ? Math.min(limitPrice, slipped(takerRef, 'buy', cfg))
        : Math.max(limitPrice, slipped(takerRef, 'sell', cfg));
  assertFunds(
    state,
    market,
    cfg,
    req,
    amount,
    marketable ? takerPrice : limitPrice!,
    marketable ? fees.taker : fees.maker,
  );

  const next = draft(state);
  const events = noEvents();
  const order = newOrder(next, {
    clientOrderId: req.clientOrderId,
    symbol: req.symbol,
    side: req.side,
    type: req.type,
    price: limitPrice,
    amount,
    reduceOnly: req.reduceOnly === true,
    timeInForce: req.timeInForce,
    timestamp: now,
  });
  recordChange(events, order);
  const capacity = ctx.liquidity === undefined ? Number.POSITIVE_INFINITY : ctx.liquidity * cfg.volumeShare;
  if (marketable) {
    if (req.timeInForce === 'FOK' && capacity + DUST < amount) {
      closeOrder(events, order, 'expired', now, `fill-or-kill: only ${capacity} of ${amount} available now`);
      return { state: next, value: order, ...events };
    }
    tryFill(next, market, cfg, order, { price: takerPrice, capacity, takerOrMaker: 'taker', time: now }, events);
  }
  if (order.status === 'open') {
    if (req.timeInForce === 'IOC' || req.timeInForce === 'FOK')
      closeOrder(events, order, 'expired', now, 'immediate-or-cancel: remainder canceled');
    else
      reserveFor(
        next,
        market,
        cfg,
        order,
        limitPrice ?? takerPrice,
        limitPrice === undefined ? fees.taker : fees.maker,
      );
  }
  return { state: next, value: order, ...events };
}

export function placeProtectionOrder(
  state: PaperState,
  req: ProtectionOrderRequest,
  ctx: QuoteContext,
): PaperResult<PaperOrder> {
  const { market, now } = ctx;
  assertSymbol(market, req.symbol);
  if (req.kind !== 'stop_loss' && req.kind !== 'take_profit' && req.kind !== 'trailing_stop')
    throw invalid(`kind must be stop_loss, take_profit or trailing_stop, got ${String(req.kind)}`);
  if (req.side !== 'buy' && req.side !== 'sell') throw invalid(`side must be buy or sell, got ${String(req.side)}`);
  if (!(req.triggerPrice > 0) || !Number.isFinite(req.triggerPrice))
    throw invalid(`${req.symbol}: triggerPrice must be a positive number, got ${req.triggerPrice}`);
  const trailing = req.kind === 'trailing_stop';
  if (trailing) assertTrailingPercent(req);
  else if (req.trailingPercent !== undefined)
    throw invalid(`${req.symbol}: trailingPercent applies to trailing_stop orders only, not ${req.kind}`);
  assertNewClientId(state, req.clientOrderId);
  const amount = roundedAmount(market, req.amount);
  const trigger = priceToPrecision(market, req.triggerPrice);
  assertOrderWithinLimits(VENUE, market, amount);
  const last = ctx.quote.last;
  // A trigger already on the wrong side of the price would fire at once; venues reject it.
  const firesBelow = (req.kind !== 'take_profit') === (req.side === 'sell');
  if (firesBelow ? trigger >= last : trigger <= last) {
    throw invalid(
      `${req.kind} ${req.side} trigger ${trigger} would trigger immediately: price is ${last}; it must be ${firesBelow ? 'below' : 'above'} the current price`,
    );
  }
  if (market.type === 'swap' && oppositePositionSize(state, req.symbol, req.side) <= DUST) {
    throw invalid(
      `${req.kind} ${req.side} on ${req.symbol} rejected: no ${req.side === 'sell' ? 'long' : 'short'} position to protect`,
    );
  }
  if (market.type === 'spot' && req.side === 'sell' && wallet(state, market.base) + DUST < amount) {
    throw new ExchangeError(
      'insufficient_funds',
      VENUE,
      `insufficient ${market.base}: ${req.kind} for ${amount} but the wallet holds ${wallet(state, market.base)}`,
    );
  }
  const next = draft(state);
  const events = noEvents();
  const order = newOrder(next, {
    clientOrderId: req.clientOrderId,
    symbol: req.symbol,
    side: req.side,
    type: trailing ? 'trailing_stop_market' : req.kind === 'stop_loss' ? 'stop_market' : 'take_profit_market',
    triggerPrice: trigger,
    ...(trailing ? { trailingPercent: req.trailingPercent } : {}),
    amount,
    reduceOnly: market.type === 'swap',
    timestamp: now,
  });
  recordChange(events, order);
  return { state: next, value: order, ...events };
}

/** The venue's answer to a trailing stop without a usable distance: the same range a backtest accepts. */
function assertTrailingPercent(req: ProtectionOrderRequest): void {
  try {
    assertTrailingDistance(req.trailingPercent as number, 'trailingPercent');
  } catch (e) {
    throw invalid(`${req.symbol}: trailing_stop ${(e as Error).message}`);
  }
}

export function cancelOrder(state: PaperState, id: string, now: number): PaperResult<PaperOrder> {
  const existing = state.orders[id];
  if (!existing) throw new ExchangeError('order_not_found', VENUE, `order ${id} not found among open orders`);
  if (existing.status !== 'open')
    throw new ExchangeError('order_not_found', VENUE, `order ${id} is ${existing.status}, not open: nothing to cancel`);
  const next = draft(state);
  const events = noEvents();
  const order = next.orders[id];
  closeOrder(events, order, 'canceled', now);
  return { state: next, value: order, ...events };
}

export function setLeverage(state: PaperState, market: MarketInfo, leverage: number): PaperState {
  if (market.type !== 'swap')
    throw new ExchangeError(
      'not_supported',
      VENUE,
      `${market.symbol} is a spot market: leverage applies to swap markets only`,
    );
  const max = market.limits.leverage?.max ?? 125;
  const min = market.limits.leverage?.min ?? 1;
  if (!Number.isInteger(leverage) || leverage < min || leverage > max) {
    throw invalid(`${market.symbol}: leverage must be an integer from ${min} to ${max}, got ${leverage}`);
  }
  const next = draft(state);
  next.leverage[market.symbol] = leverage;
  const position = next.positions[market.symbol];
  if (position) {
    position.leverage = leverage;
    if (availableQuote(next) < -DUST) {
      throw new ExchangeError(
        'insufficient_funds',
        VENUE,
        `${market.symbol}: lowering leverage to ${leverage}x needs more margin than the account has available`,
      );
    }
  }
  return next;
}
