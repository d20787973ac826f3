// Precision and limits shared by every plugin (ccxt-backed plugins delegate rounding to ccxt but use
// the limit check; paper and sim venues use both). Steps are TICK_SIZE-style (e.g. 0.001).
import { ExchangeError, type MarketInfo } from './types';

/** Decimal places of a step like 0.001 or 1e-8, so results print without float noise. */
export function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`step must be a positive finite number, got ${step}`);
  const text = step.toExponential(); // "1e-8", "2.5e-3"
  const [mantissa, exponent] = text.split('e');
  const mantissaDecimals = (mantissa.split('.')[1] ?? '').length;
  return Math.max(0, mantissaDecimals - Number(exponent));
}

// Tolerance in units of step: 0.3 / 0.1 is 2.9999999999999996, which must count as 3 steps.
const EPSILON_STEPS = 1e-9;

/** Amounts are truncated (never round an order up beyond what the account asked for). */
export function truncateToStep(value: number, step: number): number {
  const decimals = stepDecimals(step);
  const steps = Math.floor(value / step + EPSILON_STEPS);
  return Number((steps * step).toFixed(decimals));
}

/** Prices are rounded to the nearest tick. */
export function roundToStep(value: number, step: number): number {
  const decimals = stepDecimals(step);
  const steps = Math.round(value / step);
  return Number((steps * step).toFixed(decimals));
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
