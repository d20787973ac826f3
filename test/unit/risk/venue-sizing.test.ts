// Venue-aware sizing: the risk policy rounds to the venue's amount step and vetoes what falls below
// its minimum amount or notional, so no approved order is refused by the venue for its size.
import fc from 'fast-check';
import { ExchangeError, type MarketInfo } from '../../../core/exchange/types';
import { createPaperState, DEFAULT_PAPER_CONFIG, placeOrder, type QuoteContext } from '../../../core/paper';
import { evaluateRisk } from '../../../core/risk/evaluate-risk';
import { riskPolicyConfig } from '../../../core/risk/risk-policy-config-schema';
import type { RiskInput } from '../../../core/risk/risk-types';
import { fitToVenue, venueLimitsOf, type VenueLimits } from '../../../core/risk/venue-limits';
import { SIM_ASSETS, simMarkets } from '../../../infra/adapters/exchange/sim-markets';
import { baseInput, pos } from './risk-input';

const MARKETS = simMarkets(SIM_ASSETS);
const BTC_SPOT = MARKETS['BTC/USDT'];
const BTC_SWAP = MARKETS['BTC/USDT:USDT'];
const VENUE_PREFIX = /^below the venue minimum \(/;

/** Runs an expectation and, when it fails, says why it matters (jest's expect takes no message). */
function because(reason: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    if (e instanceof Error) e.message = `${reason}\n\n${e.message}`;
    throw e;
  }
}

describe('venueLimitsOf', () => {
  it('reads step, minimum amount, maximum amount and minimum notional from a market', () => {
    expect(venueLimitsOf(BTC_SPOT)).toEqual({
      amountStep: 0.00001,
      minAmount: 0.00001,
      maxAmount: 9_000_000,
      minNotional: 5,
    });
    expect(venueLimitsOf(BTC_SWAP)).toEqual({
      amountStep: 0.001,
      minAmount: 0.001,
      maxAmount: 1_000_000,
      minNotional: 5,
    });
  });

  it('turns a swap market counted in contracts into base units; the notional minimum stays quote', () => {
    // OKX-style BTC-USDT-SWAP: 1 contract = 0.01 BTC, orders in whole contracts.
    const okx: MarketInfo = {
      ...BTC_SWAP,
      contractSize: 0.01,
      precision: { amount: 1, price: 0.1 },
      limits: { ...BTC_SWAP.limits, amount: { min: 1, max: 10_000 }, cost: {} },
    };
    expect(venueLimitsOf(okx)).toEqual({ amountStep: 0.01, minAmount: 0.01, maxAmount: 100 });
    // 3 × 0.1 is 0.30000000000000004 in floats: the step must come out clean.
    const noisy: MarketInfo = { ...okx, contractSize: 0.1, precision: { amount: 3, price: 0.1 } };
    expect(venueLimitsOf(noisy).amountStep).toBe(0.3);
    // contractSize is a swap notion: a spot market with one set is still counted in base units.
    expect(venueLimitsOf({ ...BTC_SPOT, contractSize: 0.01 }).amountStep).toBe(0.00001);
  });

  it('treats a 0 limit as no limit and refuses a nonsensical contract size', () => {
    const none: MarketInfo = { ...BTC_SPOT, limits: { amount: { min: 0 }, price: {}, cost: { min: 0 } } };
    expect(venueLimitsOf(none)).toEqual({ amountStep: 0.00001 });
    expect(() => venueLimitsOf({ ...BTC_SWAP, contractSize: 0 })).toThrow(/contractSize must be a positive/);
  });
});

describe('fitToVenue', () => {
  const venue: VenueLimits = { amountStep: 0.001, minAmount: 0.002, minNotional: 5 };

  it('truncates down to the step, never up', () => {
    expect(fitToVenue(0.123999, 100, venue)).toEqual({ quantity: 0.123, notional: 12.3, ok: true });
    // 0.3 / 0.1 is 2.9999999999999996 steps: still 3 steps, not 2.
    expect(fitToVenue(0.3, 100, { amountStep: 0.1 }).quantity).toBe(0.3);
    expect(fitToVenue(7, 1, { amountStep: 5 }).quantity).toBe(5);
  });

  it('names the numbers when the size is below the minimum amount or notional', () => {
    const small = fitToVenue(0.00003, 60_000, { amountStep: 0.00001, minAmount: 0.0001, minNotional: 5 }, 'BTC/USDT');
    expect(small).toEqual({
      quantity: 0.00003,
      notional: 0.00003 * 60_000,
      ok: false,
      reason:
        'below the venue minimum (0.00003 BTC/USDT rounds to 0.00003 at step 0.00001, min amount 0.0001, notional 1.80 < min 5)',
    });
    // On the minimum amount but under the notional: the comparison says which limit failed.
    expect(fitToVenue(0.0025, 1_000, venue).reason).toBe(
      'below the venue minimum (0.0025 amount rounds to 0.002 at step 0.001, min amount 0.002, notional 2.00 < min 5)',
    );
    expect(fitToVenue(0.0019, 1e6, venue).reason).toMatch(
      /rounds to 0\.001 .*min amount 0\.002, notional 1000\.00 >= min 5/,
    );
    // With no minimums at all, only rounding to zero fails.
    expect(fitToVenue(0.0009, 1e6, { amountStep: 0.001 })).toMatchObject({ ok: false, quantity: 0 });
    expect(fitToVenue(0.0009, 1e6, { amountStep: 0.001 }).reason).toMatch(VENUE_PREFIX);
  });

  it('accepts a size exactly on the minimums', () => {
    expect(fitToVenue(0.005, 1_000, venue)).toMatchObject({ ok: true, quantity: 0.005, notional: 5 });
  });
});

describe('entries sized with venue limits', () => {
  // baseInput: equity 10,000, the 10% cap binds → notional 1,000.
  const btc = (overrides: Partial<RiskInput> = {}) =>
    baseInput({ price: 60_000, atr: 600, venue: { amountStep: 0.001, minNotional: 5 }, ...overrides });

  it('truncates the final quantity to the step and recomputes the notional; rounding is not a resize', () => {
    const v = evaluateRisk(btc());
    expect(v.verdict).toBe('approve'); // the rules gave the full cap; the step only trims the tail
    expect(v.quantity).toBe(0.016); // 1,000 / 60,000 = 0.01666…
    expect(v.notional).toBeCloseTo(960, 9);
    expect(v.sizing.finalNotional).toBeCloseTo(1_000, 9);
    expect(v.sizing.venueQuantity).toBe(0.016);
    expect(v.reasons.join('\n')).toMatch(/venue step 0\.001: 0\.0166667 truncated to 0\.016/);
    expect(v.reasons[0]).toMatch(/notional 960\.00/);
    // Without venue limits the size is not rounded at all (the previous behaviour).
    const bare = evaluateRisk(btc({ venue: undefined }));
    expect(bare.quantity).toBeCloseTo(1_000 / 60_000, 12);
    expect(bare.verdict).toBe('approve');
  });

  it('keeps a resize a resize, and rounds the resized size too', () => {
    const v = evaluateRisk(btc({ sentimentExtreme: true }));
    expect(v.verdict).toBe('resize');
    expect(v.quantity).toBe(0.008); // 500 / 60,000 = 0.00833…
  });

  it('vetoes a size that rounds to 0, naming the numbers, and sends nothing', () => {
    const v = evaluateRisk(btc({ account: { ...btc().account, equity: 100 } })); // cap 10 → 0.000167 BTC
    expect(v).toMatchObject({ verdict: 'veto', side: null, quantity: 0, notional: 0 });
    expect(v.reasons[0]).toBe(
      'below the venue minimum (0.000166667 BTC/USDT rounds to 0 at step 0.001, notional 0.00 < min 5)',
    );
    expect(v.sizing.venueQuantity).toBe(0);
  });

  it('vetoes a size on the step but below the minimum amount or notional', () => {
    const venue = venueLimitsOf(BTC_SPOT);
    const account = { ...btc().account, equity: 40 }; // cap 4 → 0.0000667 BTC → 0.00006, 3.60 notional
    const v = evaluateRisk(btc({ venue, account }));
    expect(v.verdict).toBe('veto');
    expect(v.reasons[0]).toBe(
      'below the venue minimum (0.0000666667 BTC/USDT rounds to 0.00006 at step 0.00001, min amount 0.00001, notional 3.60 < min 5)',
    );
    const amountOnly = evaluateRisk(btc({ venue: { amountStep: 0.00001, minAmount: 0.001 } }));
    because('0.01666 BTC is above a 0.001 minimum amount', () => expect(amountOnly.quantity).toBe(0.01666));
    const tooFew = evaluateRisk(btc({ venue: { amountStep: 0.00001, minAmount: 0.02 } }));
    expect(tooFew.reasons[0]).toMatch(
      /^below the venue minimum \(0\.0166667 BTC\/USDT rounds to 0\.01666 .*min amount 0\.02\)$/,
    );
  });

  it('vetoes a request of 3.8e-8 BTC on the sim markets, spot and swap', () => {
    for (const market of [BTC_SPOT, BTC_SWAP]) {
      const v = evaluateRisk(btc({ symbol: market.symbol, venue: venueLimitsOf(market), requestedQuantity: 3.8e-8 }));
      because(`${market.symbol}: 3.8e-8 BTC is far below any step`, () => expect(v.verdict).toBe('veto'));
      expect(v.quantity).toBe(0);
      expect(v.reasons[0]).toMatch(VENUE_PREFIX);
      expect(v.reasons[0]).toContain(`3.8e-8 ${market.symbol} rounds to 0 at step ${market.precision.amount}`);
    }
  });

  it('caps a size above the venue maximum amount as a resize', () => {
    const v = evaluateRisk(btc({ venue: { amountStep: 0.001, maxAmount: 0.0105 } }));
    expect(v.verdict).toBe('resize');
    expect(v.quantity).toBe(0.01);
    expect(v.reasons.join('\n')).toMatch(/venue maximum amount 0\.0105: size 0\.0166667 capped/);
  });

  it('checks the configured minimum order again after rounding', () => {
    // 1,000 / 60,000 rounds to 0.01 at a 0.01 step: 600 notional, under a 700 configured minimum.
    const v = evaluateRisk(btc({ venue: { amountStep: 0.01 } }), riskPolicyConfig({ sizing: { minNotional: 700 } }));
    expect(v.verdict).toBe('veto');
    expect(v.reasons[0]).toBe('size 600.00 after the venue step below the minimum order 700.00');
  });
});

describe('exits sized with venue limits', () => {
  const venue: VenueLimits = { amountStep: 0.001, minAmount: 0.01, minNotional: 5 };
  const long = (quantity: number, overrides: Partial<RiskInput> = {}) =>
    baseInput({
      decision: { action: 'SELL' },
      openPositions: [pos('BTC/USDT', 'long', quantity)],
      venue,
      ...overrides,
    });

  it('closes the whole held quantity', () => {
    const v = evaluateRisk(long(1.5));
    expect(v).toMatchObject({
      verdict: 'approve',
      intent: 'close_long',
      reduceOnly: true,
      side: 'sell',
      quantity: 1.5,
    });
    expect(v.reasons[0]).toMatch(/full close of the long position \(1\.5 of 1\.5\)/);
  });

  it('truncates a partial close to the step', () => {
    const v = evaluateRisk(long(1.5, { requestedQuantity: 0.33333 }));
    expect(v.quantity).toBe(0.333);
    expect(v.reasons[0]).toMatch(/partial close of the long position \(0\.333 of 1\.5\)/);
    // Without venue limits the request is taken as it is (the previous behaviour).
    expect(evaluateRisk(long(1.5, { requestedQuantity: 0.33333, venue: undefined })).quantity).toBe(0.33333);
  });

  it('closes the whole position when the partial close is below the venue minimum', () => {
    for (const requestedQuantity of [0.0004, 0.005]) {
      // 0.0004 rounds to 0; 0.005 is on the step but under the 0.01 minimum amount.
      const v = evaluateRisk(long(1.5, { requestedQuantity }));
      because(`request ${requestedQuantity} cannot be sent: the whole position goes`, () =>
        expect(v.quantity).toBe(1.5),
      );
      expect(v.reasons[0]).toMatch(/full close/);
      expect(v.reasons.join('\n')).toMatch(
        /partial close below the venue minimum \(.*closing the whole position instead/,
      );
    }
  });

  it('closes the whole position when the remainder would be dust', () => {
    const v = evaluateRisk(long(1, { requestedQuantity: 0.995 })); // would leave 0.005 < 0.01 minimum
    expect(v.quantity).toBe(1);
    expect(v.reasons.join('\n')).toMatch(/remainder after a partial close would be below the venue minimum/);
    const ok = evaluateRisk(long(1, { requestedQuantity: 0.95 })); // leaves 0.05 (notional 5): closable later
    expect(ok.quantity).toBe(0.95);
  });

  it('trades only the on-step part of a held quantity off the step', () => {
    const v = evaluateRisk(long(0.9999)); // a base-currency fee took a sliver of the fill
    expect(v.quantity).toBe(0.999);
    expect(v.reasons.join('\n')).toMatch(/held 0\.9999 is off the venue step 0\.001: closing 0\.999/);
  });

  it('vetoes closing a position smaller than the venue accepts', () => {
    const v = evaluateRisk(long(0.005)); // under the 0.01 minimum amount
    expect(v).toMatchObject({ verdict: 'veto', quantity: 0, intent: 'close_long' });
    expect(v.reasons[0]).toMatch(VENUE_PREFIX);
    expect(v.reasons[0]).toMatch(/cannot be closed there$/);
    // 0.04 at price 100 is 4 quote: under the 5 minimum notional.
    expect(evaluateRisk(long(0.04)).reasons[0]).toMatch(/notional 4\.00 < min 5/);
  });

  it('caps a close above the venue maximum amount', () => {
    const v = evaluateRisk(long(3, { venue: { ...venue, maxAmount: 2 } }));
    expect(v).toMatchObject({ verdict: 'approve', quantity: 2 });
    expect(v.reasons[0]).toMatch(/partial close/);
  });
});

describe('venue input validation', () => {
  it.each([
    [{ amountStep: 0 }, 'venue.amountStep'],
    [{ amountStep: -0.001 }, 'venue.amountStep'],
    [{ amountStep: Number.NaN }, 'venue.amountStep'],
    [{ amountStep: Number.POSITIVE_INFINITY }, 'venue.amountStep'],
    [{ amountStep: 0.001, minAmount: -1 }, 'venue.minAmount'],
    [{ amountStep: 0.001, minNotional: Number.NaN }, 'venue.minNotional'],
    [{ amountStep: 0.001, maxAmount: -5 }, 'venue.maxAmount'],
    [{ amountStep: 0.001, minAmount: 1, maxAmount: 0.5 }, 'venue.maxAmount'],
  ])('rejects %p naming %s', (venue, field) => {
    expect(() => evaluateRisk(baseInput({ venue: venue as VenueLimits }))).toThrow(`risk input: ${field} must be`);
  });
});

describe('property: the paper venue accepts every entry the risk policy approves', () => {
  const markets = Object.values(MARKETS);
  const assetOf = (m: MarketInfo) => SIM_ASSETS.find((a) => a.base === m.base)!;
  // fc.double crowds its values near 0 (it walks the float encoding), so ranges are drawn evenly
  // from integers. Magnitudes are log-uniform: sizes near the minimums matter as much as large ones.
  const GRID = 1_000_000;
  const uniform = (lo: number, hi: number) =>
    fc.noBias(fc.integer({ min: 0, max: GRID })).map((i) => lo + ((hi - lo) * i) / GRID);
  const logUniform = (lo: number, hi: number) => uniform(Math.log10(lo), Math.log10(hi)).map((e) => 10 ** e);

  const arbCase = fc.record({
    market: fc.constantFrom(...markets),
    priceFactor: logUniform(0.01, 100),
    equity: logUniform(1, 1e7),
    cashShare: uniform(0, 1),
    short: fc.boolean(),
    atrPct: fc.option(logUniform(1e-4, 0.2), { nil: undefined }),
    stats: fc.option(
      fc.record({
        winRate: uniform(0.4, 0.9),
        payoffRatio: uniform(0.5, 5),
        tradeCount: fc.integer({ min: 0, max: 200 }),
      }),
      { nil: undefined },
    ),
    sentimentExtreme: fc.boolean(),
    leverage: fc.integer({ min: 1, max: 5 }),
    // A fraction of the 10% position cap: from far below any venue minimum to above the cap.
    requestedShare: fc.option(logUniform(1e-7, 3), { nil: undefined }),
  });

  /** The paper engine's answer to a market order: the amount it took, or its error. */
  function paperPlace(
    market: MarketInfo,
    side: 'buy' | 'sell',
    amount: number,
    price: number,
  ): { amount: number } | ExchangeError {
    // Funds never bind here: the question is only whether the venue takes the size.
    const state = createPaperState('USDT', { USDT: 1e15 });
    const ctx: QuoteContext = {
      market,
      cfg: DEFAULT_PAPER_CONFIG,
      now: Date.UTC(2026, 0, 1),
      quote: { bid: price, ask: price, last: price },
    };
    try {
      const placed = placeOrder(
        state,
        { symbol: market.symbol, side, type: 'market', amount, clientOrderId: 'risk-prop' },
        ctx,
      );
      return { amount: placed.value.amount };
    } catch (e) {
      if (e instanceof ExchangeError) return e;
      throw e;
    }
  }

  it('approves only sizes the engine accepts as they are, and vetoes only sizes the engine rejects', () => {
    const seen = { approved: 0, venueVetoes: 0 };
    fc.assert(
      fc.property(arbCase, (c) => {
        const { market } = c;
        const price = Number((assetOf(market).startPrice * c.priceFactor).toPrecision(8));
        const short = c.short && market.type === 'swap';
        const input: RiskInput = {
          decision: { action: short ? 'SELL' : 'BUY' },
          symbol: market.symbol,
          account: {
            equity: c.equity,
            cash: c.equity * c.cashShare,
            dayStartEquity: c.equity,
            realizedPnlToday: 0,
            unrealizedPnlToday: 0,
          },
          openPositions: [],
          price,
          atr: c.atrPct === undefined ? undefined : c.atrPct * price,
          strategyStats: c.stats,
          sentimentExtreme: c.sentimentExtreme,
          requestedLeverage: market.type === 'swap' ? c.leverage : undefined,
          requestedQuantity: c.requestedShare === undefined ? undefined : (c.requestedShare * c.equity * 0.1) / price,
          allowShort: market.type === 'swap',
          venue: venueLimitsOf(market),
        };
        const v = evaluateRisk(input);
        const side = short ? 'sell' : 'buy';
        if (v.verdict !== 'veto') {
          seen.approved += 1;
          const placed = paperPlace(market, side, v.quantity, price);
          if (placed instanceof ExchangeError)
            throw new Error(`the paper venue rejected an approved entry: ${placed.message}`);
          // The engine truncates again. It keeps the approved amount, except past ~1e7 steps where
          // truncateToStep's float tolerance can take one step off a value already on the step.
          const step = market.precision.amount;
          if (placed.amount !== v.quantity) {
            expect(v.quantity - placed.amount).toBeCloseTo(step, 9);
            expect(v.quantity / step).toBeGreaterThan(1e6);
          }
        } else if (VENUE_PREFIX.test(v.reasons[0])) {
          seen.venueVetoes += 1;
          // The veto was needed: the size the rules wanted is one the venue refuses.
          const wanted = v.sizing.finalNotional! / price;
          const placed = paperPlace(market, side, wanted, price);
          because(`vetoed ${wanted} ${market.symbol} at ${price}: the engine must refuse it too`, () =>
            expect(placed instanceof ExchangeError && placed.kind).toBe('invalid_order'),
          );
        }
      }),
      { seed: 20_261_203, numRuns: 3_000 },
    );
    // Both branches must be exercised, or the property proves nothing.
    because('approved entries checked against the engine', () => expect(seen.approved).toBeGreaterThan(500));
    because('venue vetoes checked against the engine', () => expect(seen.venueVetoes).toBeGreaterThan(100));
  });
});
