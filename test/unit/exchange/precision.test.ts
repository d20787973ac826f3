import fc from 'fast-check';
import {
  amountToPrecision,
  assertOrderWithinLimits,
  priceToPrecision,
  roundToStep,
  stepDecimals,
  truncateToStep,
} from '../../../core/exchange/precision';
import { ExchangeError, type MarketInfo } from '../../../core/exchange/types';

const market: MarketInfo = {
  symbol: 'BTC/USDT',
  id: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  type: 'spot',
  active: true,
  precision: { amount: 0.00001, price: 0.01 },
  limits: { amount: { min: 0.0001, max: 9000 }, price: {}, cost: { min: 5 } },
  maker: 0.001,
  taker: 0.001,
};

describe('precision', () => {
  it('counts step decimals, including exponent notation', () => {
    expect(stepDecimals(0.001)).toBe(3);
    expect(stepDecimals(1e-8)).toBe(8);
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(10)).toBe(0);
    expect(() => stepDecimals(0)).toThrow(/positive/);
  });

  it('truncates amounts and rounds prices without float noise', () => {
    expect(truncateToStep(0.0012399, 0.00001)).toBe(0.00123);
    expect(truncateToStep(0.3, 0.1)).toBe(0.3); // 0.3/0.1 = 2.9999999999999996 in floats
    expect(roundToStep(30000.005, 0.01)).toBe(30000.01);
    expect(roundToStep(30000.004, 0.01)).toBe(30000);
    expect(roundToStep(12.26, 0.5)).toBe(12.5);
    expect(amountToPrecision(market, 1.234567)).toBe(1.23456);
    expect(priceToPrecision(market, 29999.999)).toBe(30000);
  });

  it('rounds exactly as printing to the step decimals and parsing back (the definition it replaced)', () => {
    const decimals = (step: number) => {
      const [mantissa, exponent] = step.toExponential().split('e');
      return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent));
    };
    const printed = (steps: number, step: number) => Number((steps * step).toFixed(decimals(step)));
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.double({ noNaN: false })),
        fc.constantFrom(1, 10, 0.1, 0.01, 0.001, 0.00001, 1e-8, 0.5, 0.25, 2.5e-3, 5, 0.05, 1e-12),
        (value, step) => {
          expect(Object.is(roundToStep(value, step), printed(Math.round(value / step), step))).toBe(true);
          expect(Object.is(truncateToStep(value, step), printed(Math.floor(value / step + 1e-9), step))).toBe(true);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('truncated amounts never exceed the input and are a whole number of steps', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.constantFrom(1, 0.1, 0.001, 0.00001, 0.5),
        (value, step) => {
          const out = truncateToStep(value, step);
          expect(out).toBeLessThanOrEqual(value + step * 1e-9);
          expect(value - out).toBeLessThan(step * (1 + 1e-9));
          expect(Math.abs(out / step - Math.round(out / step))).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it('rejects an amount below the minimum, naming value and minimum', () => {
    expect(() => assertOrderWithinLimits('binance', market, 0.00005, 30000)).toThrow(
      /amount 0.00005 .*below the minimum amount 0.0001 BTC/,
    );
  });

  it('rejects a notional below the minimum cost, naming both', () => {
    let err: unknown;
    try {
      assertOrderWithinLimits('binance', market, 0.0001, 30000);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as ExchangeError).kind).toBe('invalid_order');
    expect((err as ExchangeError).message).toMatch(/notional 3 USDT .*below the minimum notional 5 USDT/);
  });

  it('accepts an order at the limits and rejects non-positive amounts', () => {
    expect(() => assertOrderWithinLimits('binance', market, 0.0002, 25000)).not.toThrow();
    expect(() => assertOrderWithinLimits('binance', market, 0, 30000)).toThrow(/positive/);
    expect(() => assertOrderWithinLimits('binance', market, Number.NaN, 30000)).toThrow(/positive/);
  });
});
