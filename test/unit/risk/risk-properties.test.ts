import fc from 'fast-check';
import { evaluateRisk } from '../../../core/risk/evaluate-risk';
import { riskPolicyConfig } from '../../../core/risk/risk-policy-config-schema';
import type { RiskInput } from '../../../core/risk/risk-types';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT'];

const arbInput: fc.Arbitrary<RiskInput> = fc.record(
  {
    decision: fc.record({ action: fc.constantFrom('BUY' as const, 'SELL' as const, 'HOLD' as const) }),
    symbol: fc.constant('BTC/USDT'),
    account: fc.record({
      equity: fc.double({ min: -1_000, max: 1e7, noNaN: true }),
      cash: fc.double({ min: -1_000, max: 1e7, noNaN: true }),
      dayStartEquity: fc.double({ min: 1, max: 1e7, noNaN: true }),
      realizedPnlToday: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      unrealizedPnlToday: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    }),
    openPositions: fc.uniqueArray(
      fc.record({
        symbol: fc.constantFrom(...SYMBOLS),
        side: fc.constantFrom('long' as const, 'short' as const),
        quantity: fc.double({ min: 0, max: 1e4, noNaN: true }),
        entryPrice: fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        leverage: fc.integer({ min: 1, max: 50 }),
      }),
      { selector: (p) => p.symbol, maxLength: 5 },
    ),
    price: fc.double({ min: 1e-4, max: 1e6, noNaN: true }),
    atr: fc.option(fc.double({ min: 0, max: 1e5, noNaN: true }), { nil: undefined }),
    strategyStats: fc.option(
      fc.record({
        winRate: fc.double({ min: 0, max: 1, noNaN: true }),
        payoffRatio: fc.double({ min: 0.01, max: 20, noNaN: true }),
        tradeCount: fc.integer({ min: 0, max: 500 }),
      }),
      { nil: undefined },
    ),
    sentimentExtreme: fc.boolean(),
    macroWindow: fc.option(fc.constant({ kind: 'FOMC' }), { nil: null }),
    requestedLeverage: fc.option(fc.double({ min: 1, max: 125, noNaN: true }), { nil: undefined }),
    requestedQuantity: fc.option(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { nil: undefined }),
    allowShort: fc.boolean(),
  },
  { requiredKeys: ['decision', 'symbol', 'account', 'openPositions', 'price'] },
);

const arbLimits = fc.record({
  max_position_pct: fc.double({ min: 0.5, max: 100, noNaN: true }),
  max_leverage: fc.integer({ min: 1, max: 20 }),
  max_daily_loss_pct: fc.double({ min: 0.5, max: 50, noNaN: true }),
  max_open_positions: fc.integer({ min: 1, max: 5 }),
});

describe('RiskPolicy properties', () => {
  it('entries never exceed max_position_pct of equity at the price; vetoes carry no quantity; leverage never exceeds the cap', () => {
    fc.assert(
      fc.property(arbInput, arbLimits, (input, limits) => {
        const cfg = riskPolicyConfig({ limits });
        const v = evaluateRisk(input, cfg);
        if (v.intent === 'open_long' || v.intent === 'open_short') {
          // A position may already exceed the cap (equity fell): the order itself then must be 0.
          const held = input.openPositions.find((p) => p.symbol === input.symbol && p.quantity > 0);
          const heldNotional = held && v.verdict !== 'veto' ? held.quantity * input.price : 0;
          const cap = (Math.max(0, input.account.equity) * limits.max_position_pct) / 100;
          expect(v.quantity * input.price + heldNotional).toBeLessThanOrEqual(cap * (1 + 1e-9) + 1e-9);
          expect(v.quantity * input.price).toBeLessThanOrEqual(
            Math.max(0, input.account.cash) * v.leverage * (1 + 1e-9) + 1e-9,
          );
        }
        if (v.verdict === 'veto') {
          expect(v.quantity).toBe(0);
          expect(v.notional).toBe(0);
        } else {
          expect(v.quantity).toBeGreaterThan(0);
        }
        expect(v.leverage).toBeLessThanOrEqual(limits.max_leverage);
        expect(v.leverage).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('the kill switch is raised exactly when the loss today reaches the limit, and then no entry passes', () => {
    fc.assert(
      fc.property(arbInput, arbLimits, (input, limits) => {
        const v = evaluateRisk(input, riskPolicyConfig({ limits }));
        const lossPct =
          (-(input.account.realizedPnlToday + input.account.unrealizedPnlToday) / input.account.dayStartEquity) * 100;
        expect(v.killSwitch).toBe(lossPct >= limits.max_daily_loss_pct);
        if (v.killSwitch && (v.intent === 'open_long' || v.intent === 'open_short')) expect(v.verdict).toBe('veto');
      }),
      { numRuns: 1000 },
    );
  });

  it('exits are always approved as reduce-only, never above the held quantity; entries inside a macro window never pass', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const v = evaluateRisk(input);
        if (v.intent === 'close_long' || v.intent === 'close_short') {
          const held = input.openPositions.find((p) => p.symbol === input.symbol)!;
          expect(v.verdict).toBe('approve');
          expect(v.reduceOnly).toBe(true);
          expect(v.quantity).toBeLessThanOrEqual(held.quantity);
        } else if (input.macroWindow) {
          expect(v.verdict).toBe('veto');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
