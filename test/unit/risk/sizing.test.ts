import { evaluateRisk } from '../../../core/risk/evaluate-risk';
import { fullKelly, kellySizing } from '../../../core/risk/kelly';
import { DEFAULT_SIZING } from '../../../core/risk/risk-policy-config';
import { riskPolicyConfig } from '../../../core/risk/risk-policy-config-schema';
import { baseInput } from './risk-input';

describe('RiskPolicy dynamic sizing', () => {
  describe('fractional Kelly', () => {
    it('computes f* = W - (1 - W) / R', () => {
      expect(fullKelly(0.6, 2)).toBeCloseTo(0.4, 12);
      expect(fullKelly(0.5, 1.5)).toBeCloseTo(1 / 6, 12);
      expect(fullKelly(0.4, 1)).toBeCloseTo(-0.2, 12);
    });

    it('sizes at half-Kelly when it is below the cap: W .5, R 1.5 → 1/12 of equity', () => {
      const v = evaluateRisk(baseInput({ strategyStats: { winRate: 0.5, payoffRatio: 1.5, tradeCount: 50 } }));
      expect(v.verdict).toBe('resize');
      expect(v.notional).toBeCloseTo(10_000 / 12, 6);
      expect(v.quantity).toBeCloseTo(10_000 / 12 / 100, 6);
      expect(v.reasons.join('\n')).toMatch(/Kelly 16\.67% × 0\.5 = 8\.33% of equity/);
    });

    it('follows a configured multiplier (quarter-Kelly → 1/24)', () => {
      const v = evaluateRisk(
        baseInput({ strategyStats: { winRate: 0.5, payoffRatio: 1.5, tradeCount: 50 } }),
        riskPolicyConfig({ sizing: { kellyMultiplier: 0.25 } }),
      );
      expect(v.notional).toBeCloseTo(10_000 / 24, 6);
    });

    it('vetoes a strategy with no edge', () => {
      const v = evaluateRisk(baseInput({ strategyStats: { winRate: 0.4, payoffRatio: 1, tradeCount: 50 } }));
      expect(v).toMatchObject({ verdict: 'veto', quantity: 0 });
      expect(v.reasons[0]).toMatch(/no edge/);
    });

    it('falls back to a conservative 2.5% of equity with fewer than 30 trades or none recorded', () => {
      expect(DEFAULT_SIZING.fallbackFraction).toBe(0.025);
      for (const strategyStats of [{ winRate: 0.9, payoffRatio: 5, tradeCount: 29 }, undefined]) {
        const v = evaluateRisk(baseInput({ strategyStats }));
        expect(v.verdict).toBe('resize');
        expect(v.quantity).toBeCloseTo(2.5, 9);
      }
      expect(kellySizing({ winRate: 0.4, payoffRatio: 1, tradeCount: 3 }, DEFAULT_SIZING).kind).toBe('fallback');
    });
  });

  describe('volatility targeting', () => {
    it('limits size so one ATR costs 0.5% of equity: ATR 10% of price → 500 notional', () => {
      const v = evaluateRisk(baseInput({ atr: 10 }));
      expect(v.verdict).toBe('resize');
      expect(v.notional).toBeCloseTo(500, 6);
      expect(v.quantity).toBeCloseTo(5, 9);
      expect(v.reasons.join('\n')).toMatch(/volatility target: ATR 10\.00% of price/);
    });
    it('does not bind in calm markets and is skipped (said so) without ATR', () => {
      expect(evaluateRisk(baseInput({ atr: 1 })).quantity).toBeCloseTo(10, 9);
      const v = evaluateRisk(baseInput({ atr: undefined }));
      expect(v.quantity).toBeCloseTo(10, 9);
      expect(v.reasons.join('\n')).toMatch(/no ATR: volatility targeting skipped/);
    });
  });

  it('halves the size at sentiment extremes', () => {
    const v = evaluateRisk(baseInput({ sentimentExtreme: true }));
    expect(v.verdict).toBe('resize');
    expect(v.quantity).toBeCloseTo(5, 9);
    expect(v.reasons.join('\n')).toMatch(/sentiment extreme: size × 0\.5/);
  });

  it('applies the smallest limit first, then the sentiment factor: ATR 10% and extreme → 250', () => {
    expect(evaluateRisk(baseInput({ atr: 10, sentimentExtreme: true })).notional).toBeCloseTo(250, 6);
  });

  it('allows no new entries inside a macro event window', () => {
    const v = evaluateRisk(baseInput({ macroWindow: { kind: 'CPI', eventTime: '2026-12-10T13:30:00.000Z' } }));
    expect(v).toMatchObject({ verdict: 'veto', quantity: 0 });
    expect(v.reasons[0]).toBe('inside the CPI event window at 2026-12-10T13:30:00.000Z: no new entries');
    expect(evaluateRisk(baseInput({ macroWindow: null })).verdict).toBe('approve');
  });

  it('sizes to free cash times leverage: 200 cash → 200 at 1x, 600 at 3x', () => {
    const account = { ...baseInput().account, cash: 200 };
    expect(evaluateRisk(baseInput({ account })).quantity).toBeCloseTo(2, 9);
    expect(evaluateRisk(baseInput({ account, requestedLeverage: 3 })).quantity).toBeCloseTo(6, 9);
  });

  it('vetoes an order below the configured minimum notional', () => {
    const v = evaluateRisk(baseInput({ strategyStats: undefined }), riskPolicyConfig({ sizing: { minNotional: 300 } }));
    expect(v.verdict).toBe('veto');
    expect(v.reasons[0]).toMatch(/size 250\.00 below the minimum order 300\.00/);
  });
});
