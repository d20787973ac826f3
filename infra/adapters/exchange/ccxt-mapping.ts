// ccxt's unified structures → the ExchangePlugin contract's shapes.
import type { Market, Order as CcxtOrder, Position as CcxtPosition, Ticker as CcxtTicker } from 'ccxt';

type CcxtMarket = NonNullable<Market>;
type FeeLike = { cost?: number | string; currency?: string };
import type {
  Balances,
  MarketInfo,
  MarketType,
  Order,
  OrderStatus,
  Position,
  Ticker,
} from '../../../core/exchange/types';

const num = (v: unknown): number | undefined =>
  v === undefined || v === null || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v);

// ccxt's precision modes (ccxt.TICK_SIZE etc.), as numbers so this module needs only ccxt's types.
const DECIMAL_PLACES = 2;
const TICK_SIZE = 4;

/**
 * MarketInfo.precision holds steps (TICK_SIZE). A venue in another mode reports digit counts: in
 * DECIMAL_PLACES, 8 means a step of 1e-8. The two SIGNIFICANT_DIGITS venues (bitfinex, bithumb)
 * still truncate amounts to decimal places (their amountToPrecision), so their amount digits are
 * decimal places too; a significant-digits price has no fixed tick, so it keeps the fine fallback
 * (ccxt rounds prices itself before they are sent).
 */
function step(value: unknown, precisionMode: number, kind: 'amount' | 'price'): number | undefined {
  const p = num(value);
  if (p === undefined || precisionMode === TICK_SIZE) return p;
  if (precisionMode === DECIMAL_PLACES || kind === 'amount') return Number((10 ** -p).toPrecision(12));
  return undefined;
}

export function toMarketInfo(m: CcxtMarket, precisionMode: number = TICK_SIZE): MarketInfo {
  return {
    symbol: m.symbol,
    id: String(m.id),
    base: m.base,
    quote: m.quote,
    settle: m.settle ?? undefined,
    type: (m.type === 'swap' ? 'swap' : 'spot') as MarketType,
    contractSize: num(m.contractSize),
    active: m.active !== false,
    precision: {
      amount: step(m.precision?.amount, precisionMode, 'amount') ?? 1e-8,
      price: step(m.precision?.price, precisionMode, 'price') ?? 1e-8,
    },
    limits: {
      amount: { min: num(m.limits?.amount?.min), max: num(m.limits?.amount?.max) },
      price: { min: num(m.limits?.price?.min), max: num(m.limits?.price?.max) },
      cost: { min: num(m.limits?.cost?.min), max: num(m.limits?.cost?.max) },
      leverage: m.limits?.leverage ? { min: num(m.limits.leverage.min), max: num(m.limits.leverage.max) } : undefined,
    },
    maker: num(m.maker) ?? 0,
    taker: num(m.taker) ?? 0,
  };
}

const STATUSES: Record<string, OrderStatus> = {
  open: 'open',
  closed: 'closed',
  canceled: 'canceled',
  cancelled: 'canceled',
  rejected: 'rejected',
  expired: 'expired',
};

function orderType(o: CcxtOrder): Order['type'] {
  // Conditional orders come back from some venues as plain "market" with the real type in `info`.
  const info = (o.info ?? {}) as Record<string, unknown>;
  const venueType = String(info.orderType ?? info.origType ?? info.type ?? '').toLowerCase();
  const t =
    String(o.type ?? '').toLowerCase() === 'market' && /stop|take_profit/.test(venueType)
      ? venueType
      : String(o.type ?? '').toLowerCase();
  if ((t === 'market' || t === 'limit' || t === '') && num(o.triggerPrice) !== undefined) {
    if (num(o.takeProfitPrice) !== undefined) return 'take_profit_market';
    if (num(o.stopLossPrice) !== undefined) return 'stop_market';
  }
  if (t === 'market' || t === 'limit' || t === 'stop_market' || t === 'take_profit_market') return t;
  if (t.includes('take_profit')) return 'take_profit_market';
  if (t.includes('stop')) return 'stop_market';
  return o.price ? 'limit' : 'market';
}

export function toOrder(o: CcxtOrder, fallback: { clientOrderId?: string; symbol?: string } = {}): Order {
  const amount = num(o.amount) ?? 0;
  const filled = num(o.filled) ?? 0;
  const fees = ((o as { fees?: FeeLike[] }).fees ?? []) as FeeLike[];
  const feeCost = o.fee?.cost !== undefined ? (num(o.fee.cost) ?? 0) : fees.reduce((s, f) => s + (num(f.cost) ?? 0), 0);
  const feeCurrency = o.fee?.currency ?? fees[0]?.currency ?? '';
  const remaining = num(o.remaining) ?? Math.max(0, amount - filled);
  let status = STATUSES[String(o.status)] ?? 'open';
  // Some venues answer an immediately filled order without a status (Hyperliquid's "filled").
  if (status === 'open' && amount > 0 && filled >= amount && remaining === 0) status = 'closed';
  return {
    id: o.id === undefined || o.id === null ? '' : String(o.id),
    clientOrderId: o.clientOrderId ?? fallback.clientOrderId ?? '',
    symbol: o.symbol ?? fallback.symbol ?? '',
    side: o.side === 'sell' ? 'sell' : 'buy',
    type: orderType(o),
    status,
    price: num(o.price) || undefined,
    triggerPrice: num(o.triggerPrice) || undefined,
    amount,
    filled,
    remaining,
    average: num(o.average) || undefined,
    cost: num(o.cost) ?? filled * (num(o.average) ?? 0),
    fee: { cost: feeCost, currency: feeCurrency },
    reduceOnly: o.reduceOnly === true,
    timestamp: num(o.timestamp) ?? num(o.lastUpdateTimestamp) ?? Date.now(),
  };
}

export function toTicker(t: CcxtTicker): Ticker {
  return {
    symbol: String(t.symbol),
    timestamp: num(t.timestamp) ?? Date.now(),
    bid: num(t.bid),
    ask: num(t.ask),
    last: num(t.last) ?? num(t.close) ?? ((num(t.bid) ?? 0) + (num(t.ask) ?? 0)) / 2,
    high: num(t.high),
    low: num(t.low),
    baseVolume: num(t.baseVolume),
    quoteVolume: num(t.quoteVolume),
  };
}

export function toPosition(p: CcxtPosition): Position | undefined {
  const contracts = num(p.contracts) ?? 0;
  if (contracts === 0) return undefined;
  return {
    symbol: String(p.symbol),
    side: p.side === 'short' ? 'short' : 'long',
    contracts: contracts * (num(p.contractSize) ?? 1),
    entryPrice: num(p.entryPrice) ?? 0,
    markPrice: num(p.markPrice),
    leverage: num(p.leverage) ?? 1,
    marginMode: p.marginMode === 'isolated' ? 'isolated' : 'cross',
    unrealizedPnl: num(p.unrealizedPnl) ?? 0,
    liquidationPrice: num(p.liquidationPrice),
    initialMargin: num(p.initialMargin),
    timestamp: num(p.timestamp) ?? Date.now(),
  };
}

export function toBalances(b: Record<string, unknown>): Balances {
  const out: Balances = {};
  const total = (b.total ?? {}) as Record<string, unknown>;
  const free = (b.free ?? {}) as Record<string, unknown>;
  const used = (b.used ?? {}) as Record<string, unknown>;
  for (const currency of new Set([...Object.keys(total), ...Object.keys(free)])) {
    const t = num(total[currency]);
    const f = num(free[currency]);
    const u = num(used[currency]);
    if (t === undefined && f === undefined) continue;
    out[currency] = {
      currency,
      free: f ?? 0,
      used: u ?? Math.max(0, (t ?? 0) - (f ?? 0)),
      total: t ?? (f ?? 0) + (u ?? 0),
    };
  }
  return out;
}
