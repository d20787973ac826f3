// Precision and limits shared by every plugin (ccxt-backed plugins delegate rounding to ccxt but use
// the limit check; paper and sim venues use both). Steps are TICK_SIZE-style (e.g. 0.001).
import { ExchangeError, type MarketInfo } from './types';

/** Decimal places of a step like 0.001 or 1e-8, so results print without float noise. */
export function stepDecimals(step: number): number {
  return stepGrid(step).decimals;
}

/**
 * A step as `units / scale` with `scale = 10^decimals`: 0.001 is 1 / 1000, 2.5e-3 is 25 / 10000.
 * Rounding is hot (every quote of the pipeline backtest rounds three prices), so a step's grid is
 * worked out once (toExponential and string splitting) and kept; markets have a handful of steps.
 */
interface StepGrid {
  decimals: number;
  units: number;
  scale: number;
}

const grids = new Map<number, StepGrid>();
const MAX_GRIDS = 256;

function stepGrid(step: number): StepGrid {
  const known = grids.get(step);
  if (known) return known;
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`step must be a positive finite number, got ${step}`);
  const text = step.toExponential(); // "1e-8", "2.5e-3"
  const [mantissa, exponent] = text.split('e');
  const mantissaDecimals = (mantissa.split('.')[1] ?? '').length;
  const decimals = Math.max(0, mantissaDecimals - Number(exponent));
  const scale = 10 ** decimals;
  const grid = { decimals, units: Math.round(step * scale), scale };
  if (grids.size >= MAX_GRIDS) grids.clear();
  grids.set(step, grid);
  return grid;
}

/**
 * `steps · step` as the number its `decimals`-place decimal prints as: Number((steps·step).toFixed(d)).
 * toFixed's digits are the integer n nearest to steps·step·10^d, which is steps·units while that
 * product is exactly representable, and parsing n / 10^d gives the double nearest to it, which is
 * what the division n / scale returns (IEEE division is correctly rounded; 10^d is exact up to
 * d = 22). So the grid's division is used where that holds and toFixed elsewhere; `+ 0` turns the
 * −0 of a value rounding to zero from below into the +0 toFixed prints.
 */
// steps·step is off steps·units/scale by at most 2 ulp: below 2^50 units that is under 0.3 of a unit,
// so toFixed's nearest integer is steps·units.
const EXACT_UNITS = 2 ** 50;

function onGrid(steps: number, step: number): number {
  const { decimals, units, scale } = stepGrid(step);
  const n = steps * units;
  if (decimals <= 22 && Math.abs(n) <= EXACT_UNITS) return n / scale + 0;
  return Number((steps * step).toFixed(decimals));
}

// Tolerance in units of step: 0.3 / 0.1 is 2.9999999999999996, which must count as 3 steps.
const EPSILON_STEPS = 1e-9;

/** Amounts are truncated (never round an order up beyond what the account asked for). */
export function truncateToStep(value: number, step: number): number {
  return onGrid(Math.floor(value / step + EPSILON_STEPS), step);
}

/** Prices are rounded to the nearest tick. */
export function roundToStep(value: number, step: number): number {
  return onGrid(Math.round(value / step), step);
}

export function amountToPrecision(market: MarketInfo, amount: number): number {
  return truncateToStep(amount, market.precision.amount);
}

export function priceToPrecision(market: MarketInfo, price: number): number {
  return roundToStep(price, market.precision.price);
}

/**
 * Rejects an order the venue would reject for its size, before it is sent: the amount (already
 * rounded) below the minimum amount, or amount × price below the minimum notional.
 * `price` is the limit price, or the reference price (last/ask/bid) for a market order.
 */
export function assertOrderWithinLimits(exchange: string, market: MarketInfo, amount: number, price?: number): void {
  if (!(amount > 0) || !Number.isFinite(amount)) {
    throw new ExchangeError(
      'invalid_order',
      exchange,
      `${market.symbol}: amount must be a positive number, got ${amount}`,
    );
  }
  const minAmount = market.limits.amount.min;
  if (minAmount !== undefined && amount < minAmount) {
    throw new ExchangeError(
      'invalid_order',
      exchange,
      `${market.symbol}: amount ${amount} (after rounding to step ${market.precision.amount}) is below the minimum amount ${minAmount} ${market.base}`,
    );
  }
  const maxAmount = market.limits.amount.max;
  if (maxAmount !== undefined && amount > maxAmount) {
    throw new ExchangeError(
      'invalid_order',
      exchange,
      `${market.symbol}: amount ${amount} is above the maximum amount ${maxAmount} ${market.base}`,
    );
  }
  const minCost = market.limits.cost.min;
  if (minCost !== undefined && price !== undefined && price > 0) {
    const notional = amount * price;
    if (notional < minCost) {
      throw new ExchangeError(
        'invalid_order',
        exchange,
        `${market.symbol}: order notional ${Number(notional.toPrecision(12))} ${market.quote} (amount ${amount} × price ${price}) is below the minimum notional ${minCost} ${market.quote}`,
      );
    }
  }
}
