// The venue's size rules as the risk policy sees them, so that a size it approves is one the venue
// accepts: a venue rejects an amount off its step, under its minimum amount or under its minimum
// notional, and it is better to veto with the numbers than to send an order that fails.
import { stepDecimals, truncateToStep } from '../exchange/precision';
import type { MarketInfo } from '../exchange/types';

/**
 * Amounts are in the risk policy's unit: base currency (RiskInput.requestedQuantity,
 * RiskOpenPosition.quantity), not venue contracts.
 */
export interface VenueLimits {
  /** Every amount is a whole multiple of this (base units, > 0). */
  amountStep: number;
  /** Smallest amount the venue accepts (base units). */
  minAmount?: number;
  /** Largest amount the venue accepts in one order (base units). */
  maxAmount?: number;
  /** Smallest amount × price the venue accepts (quote). */
  minNotional?: number;
}

export interface VenueFit {
  /** The quantity truncated down to the step (what the venue would trade), even when !ok. */
  quantity: number;
  /** quantity × price. */
  notional: number;
  ok: boolean;
  /** Why !ok: starts with "below the venue minimum (" and names the numbers. */
  reason?: string;
}

// Steps multiplied by a contract size pick up float noise (0.1 × 3 = 0.30000000000000004); twelve
// significant digits are far more than any venue's step has.
const clean = (x: number) => Number(x.toPrecision(12));
const scaled = (x: number | undefined, by: number) => (x === undefined ? undefined : clean(x * by));

/**
 * The limits of a market in base units. MarketInfo carries ccxt's numbers (TICK_SIZE steps; the
 * ccxt mapping converts other precision modes). On a swap, ccxt's amounts count contracts, each
 * worth `contractSize` base units: one contract step is `precision.amount × contractSize` base, and
 * so on for the amount limits; the notional minimum is already quote (contracts × contractSize ×
 * price), so it does not scale. The order layer must divide a base quantity by contractSize to get
 * the contracts it sends; a quantity on this step divides into a whole number of contract steps.
 */
export function venueLimitsOf(market: MarketInfo): VenueLimits {
  const contractSize = market.type === 'swap' ? (market.contractSize ?? 1) : 1;
  if (!(contractSize > 0) || !Number.isFinite(contractSize))
    throw new RangeError(`${market.symbol}: contractSize must be a positive finite number, got ${contractSize}`);
  const limits: VenueLimits = { amountStep: clean(market.precision.amount * contractSize) };
  const minAmount = scaled(market.limits.amount.min, contractSize);
  const maxAmount = scaled(market.limits.amount.max, contractSize);
  const minNotional = market.limits.cost.min;
  // ccxt reports "no limit" as undefined or 0; a 0 minimum is no minimum.
  if (minAmount !== undefined && minAmount > 0) limits.minAmount = minAmount;
  if (maxAmount !== undefined && maxAmount > 0) limits.maxAmount = maxAmount;
  if (minNotional !== undefined && minNotional > 0) limits.minNotional = minNotional;
  return limits;
}

/**
 * truncateToStep, corrected for many steps: its tolerance is 1e-9 of a step, but the float quotient
 * 9.672339 / 1e-8 comes out as 967233899.99999…, a step short. The next step up is taken when it
 * is still <= the value, so the result is the decimal truncation ccxt makes of the same number.
 */
function truncateExact(value: number, step: number): number {
  const down = truncateToStep(value, step);
  const up = Number((down + step).toFixed(stepDecimals(step)));
  return up <= value ? up : down;
}

const show = (x: number) => String(Number(x.toPrecision(6)));

/** Why `quantity` (raw) truncated to `fitted` fails the venue's minimums; undefined when it does not. */
function belowMinimum(
  raw: number,
  fitted: number,
  price: number,
  venue: VenueLimits,
  symbol: string,
): string | undefined {
  const notional = fitted * price;
  const zero = fitted <= 0;
  const amountLow = venue.minAmount !== undefined && fitted < venue.minAmount;
  const notionalLow = venue.minNotional !== undefined && notional < venue.minNotional;
  if (!zero && !amountLow && !notionalLow) return undefined;
  const parts = [`${show(raw)} ${symbol} rounds to ${fitted} at step ${venue.amountStep}`];
  if (venue.minAmount !== undefined) parts.push(`min amount ${venue.minAmount}`);
  if (venue.minNotional !== undefined)
    parts.push(`notional ${notional.toFixed(2)} ${notionalLow ? '<' : '>='} min ${venue.minNotional}`);
  return `below the venue minimum (${parts.join(', ')})`;
}

/**
 * Truncates `quantity` DOWN to the venue's step (never more than the rules allowed) and checks it
 * against the minimum amount and, at `price`, the minimum notional. `price` must be the price the
 * venue checks the notional against (for a market order its taker reference). The maximum amount
 * is the caller's to apply: capping is a resize, not a failure.
 */
export function fitToVenue(quantity: number, price: number, venue: VenueLimits, symbol = 'amount'): VenueFit {
  const fitted = quantity > 0 ? truncateExact(quantity, venue.amountStep) : 0;
  const reason = belowMinimum(quantity, fitted, price, venue, symbol);
  return { quantity: fitted, notional: fitted * price, ok: reason === undefined, ...(reason ? { reason } : {}) };
}
