import { evaluateRisk } from '../../../core/risk/evaluate-risk';
import { riskPolicyConfig } from '../../../core/risk/risk-policy-config-schema';
import { RiskPolicy } from '../../../core/risk/risk-policy';
import { baseInput, pos } from './risk-input';

const loss = (realized: number, unrealized: number) => ({
  equity: 10_000 + realized + unrealized,
  cash: 10_000,
  dayStartEquity: 10_000,
  realizedPnlToday: realized,
  unrealizedPnlToday: unrealized,
});

describe('RiskPolicy hard rules (seed defaults)', () => {
  it('uses the seed defaults', () => {
    expect(new RiskPolicy().config.limits).toEqual({
      max_position_pct: 10,
      max_leverage: 3,
      max_daily_loss_pct: 5,
      max_open_positions: 3,
      stop_loss_pct: 5,
      take_profit_pct: 10,
    });
  });

  it('approves the baseline at the full 10% cap with 5% stop and 10% take profit', () => {
    const v = evaluateRisk(baseInput());
    expect(v).toMatchObject({
      verdict: 'approve',
      intent: 'open_long',
      side: 'buy',
      reduceOnly: false,
      leverage: 1,
      killSwitch: false,
    });
    expect(v.quantity).toBeCloseTo(10, 9);
    expect(v.notional).toBeCloseTo(1000, 9);
    expect(v.stopLoss).toBeCloseTo(95, 9);
    expect(v.takeProfit).toBeCloseTo(110, 9);
  });

  describe('daily loss limit → kill switch', () => {
    it('vetoes entries and raises the kill switch at a 5.5% loss (realized + unrealized)', () => {
      const v = evaluateRisk(baseInput({ account: loss(-300, -250) }));
      expect(v).toMatchObject({ verdict: 'veto', quantity: 0, notional: 0, killSwitch: true });
      expect(v.reasons.join('\n')).toMatch(/KILL SWITCH: loss today 5\.50% \(-550\.00\) reached the 5% daily limit/);
    });

    it('trips at exactly the limit but not just below it', () => {
      expect(evaluateRisk(baseInput({ account: loss(-500, 0) })).killSwitch).toBe(true);
      const below = evaluateRisk(baseInput({ account: loss(-250, -240) }));
      expect(below.killSwitch).toBe(false);
      expect(below.verdict).not.toBe('veto');
    });

    it('raises the kill switch on a HOLD cycle too, and lets the flattening exit through', () => {
      expect(evaluateRisk(baseInput({ decision: { action: 'HOLD' }, account: loss(-600, 0) }))).toMatchObject({
        verdict: 'veto',
        killSwitch: true,
      });
      const exit = evaluateRisk(
        baseInput({
          decision: { action: 'SELL' },
          account: loss(-600, 0),
          openPositions: [pos('BTC/USDT', 'long', 7)],
        }),
      );
      expect(exit).toMatchObject({
        verdict: 'approve',
        intent: 'close_long',
        reduceOnly: true,
        quantity: 7,
        killSwitch: true,
      });
    });
  });

  describe('open positions limit', () => {
    const three = [pos('ETH/USDT', 'long', 1), pos('SOL/USDT', 'short', 1), pos('XRP/USDT', 'long', 1)];
    it('vetoes a fourth position', () => {
      const v = evaluateRisk(baseInput({ openPositions: three }));
      expect(v.verdict).toBe('veto');
      expect(v.quantity).toBe(0);
      expect(v.reasons[0]).toMatch(/3 positions open: the limit is 3/);
    });
    it('allows a third one', () => {
      expect(evaluateRisk(baseInput({ openPositions: three.slice(0, 2) })).verdict).toBe('approve');
    });
    it('allows adding to a held position, up to what remains under the size cap', () => {
      const v = evaluateRisk(baseInput({ openPositions: [...three.slice(0, 2), pos('BTC/USDT', 'long', 5)] }));
      // cap 1,000 - 5 × 100 held = 500 → 5 units
      expect(v.verdict).toBe('approve');
      expect(v.quantity).toBeCloseTo(5, 9);
    });
    it('vetoes adding when the held position is already at the cap', () => {
      const v = evaluateRisk(baseInput({ openPositions: [pos('BTC/USDT', 'long', 10)] }));
      expect(v.verdict).toBe('veto');
      expect(v.reasons[0]).toMatch(/already holding 1000\.00 of BTC\/USDT: at the 10% position cap/);
    });
  });

  describe('leverage cap', () => {
    it('caps 5x at 3x and reports a resize', () => {
      const v = evaluateRisk(baseInput({ requestedLeverage: 5 }));
      expect(v.verdict).toBe('resize');
      expect(v.leverage).toBe(3);
      expect(v.reasons.join('\n')).toMatch(/leverage capped: 5x requested, max 3x/);
    });
    it('keeps 2x, which is within the cap', () => {
      expect(evaluateRisk(baseInput({ requestedLeverage: 2 }))).toMatchObject({ verdict: 'approve', leverage: 2 });
    });
    it('follows a configured cap', () => {
      expect(
        evaluateRisk(baseInput({ requestedLeverage: 5 }), riskPolicyConfig({ limits: { max_leverage: 10 } })).leverage,
      ).toBe(5);
    });
  });

  describe('position size cap', () => {
    it('shrinks a request above 10% of equity to the cap', () => {
      const v = evaluateRisk(baseInput({ requestedQuantity: 50 }));
      expect(v.verdict).toBe('resize');
      expect(v.quantity).toBeCloseTo(10, 9);
    });
    it('approves a request below the cap as asked', () => {
      const v = evaluateRisk(baseInput({ requestedQuantity: 4 }));
      expect(v.verdict).toBe('approve');
      expect(v.quantity).toBe(4);
    });
    it('follows a configured cap: 20% of 10,000 at 100 = 20 units', () => {
      expect(evaluateRisk(baseInput(), riskPolicyConfig({ limits: { max_position_pct: 20 } })).quantity).toBeCloseTo(
        20,
        9,
      );
    });
  });

  describe('stop-loss and take-profit levels', () => {
    it('mirrors the levels for a short', () => {
      const v = evaluateRisk(baseInput({ decision: { action: 'SELL' } }));
      expect(v).toMatchObject({ intent: 'open_short', side: 'sell' });
      expect(v.stopLoss).toBeCloseTo(105, 9);
      expect(v.takeProfit).toBeCloseTo(90, 9);
    });
    it('uses configured percentages: 2% / 6% at 250', () => {
      const v = evaluateRisk(
        baseInput({ price: 250 }),
        riskPolicyConfig({ limits: { stop_loss_pct: 2, take_profit_pct: 6 } }),
      );
      expect(v.stopLoss).toBeCloseTo(245, 9);
      expect(v.takeProfit).toBeCloseTo(265, 9);
    });
  });

  describe('exits are never blocked by entry limits', () => {
    const crowded = [pos('ETH/USDT', 'long', 1), pos('SOL/USDT', 'short', 1), pos('XRP/USDT', 'long', 1)];
    it('closes a long in full with a reduce-only sell despite the position limit, a macro window and extreme sentiment', () => {
      const v = evaluateRisk(
        baseInput({
          decision: { action: 'SELL' },
          openPositions: [...crowded, pos('BTC/USDT', 'long', 7)],
          macroWindow: { kind: 'FOMC' },
          sentimentExtreme: true,
          strategyStats: { winRate: 0.1, payoffRatio: 0.5, tradeCount: 100 },
        }),
      );
      expect(v).toMatchObject({
        verdict: 'approve',
        intent: 'close_long',
        side: 'sell',
        reduceOnly: true,
        quantity: 7,
        stopLoss: null,
        takeProfit: null,
      });
      expect(v.notional).toBeCloseTo(700, 9);
    });
    it('closes a short with a buy, partially when asked', () => {
      const v = evaluateRisk(
        baseInput({
          decision: { action: 'BUY' },
          openPositions: [pos('BTC/USDT', 'short', 4)],
          requestedQuantity: 1.5,
        }),
      );
      expect(v).toMatchObject({
        verdict: 'approve',
        intent: 'close_short',
        side: 'buy',
        reduceOnly: true,
        quantity: 1.5,
      });
      expect(v.reasons[0]).toMatch(/partial close/);
    });
  });

  it('vetoes HOLD with nothing to trade', () => {
    expect(evaluateRisk(baseInput({ decision: { action: 'HOLD' } }))).toMatchObject({
      verdict: 'veto',
      intent: 'none',
      quantity: 0,
      killSwitch: false,
    });
  });

  it('vetoes a short where shorting is impossible (spot)', () => {
    const v = evaluateRisk(baseInput({ decision: { action: 'SELL' }, allowShort: false }));
    expect(v.verdict).toBe('veto');
    expect(v.reasons[0]).toMatch(/cannot open shorts/);
  });

  it('rejects bad input and config, naming the field', () => {
    expect(() => evaluateRisk(baseInput({ price: 0 }))).toThrow(/risk input: price must be a finite number > 0, got 0/);
    expect(() => evaluateRisk(baseInput({ account: { ...baseInput().account, equity: NaN } }))).toThrow(
      /account\.equity/,
    );
    expect(() => evaluateRisk(baseInput({ strategyStats: { winRate: 1.2, payoffRatio: 1, tradeCount: 40 } }))).toThrow(
      /strategyStats\.winRate must be within 0\.\.1, got 1\.2/,
    );
    expect(() => evaluateRisk(baseInput({ requestedLeverage: 0.5 }))).toThrow(/requestedLeverage/);
    expect(() => evaluateRisk(baseInput({ openPositions: [pos('ETH/USDT', 'long', -1)] }))).toThrow(
      /openPositions\[0\]\.quantity/,
    );
    expect(() => evaluateRisk(baseInput({ decision: { action: 'YOLO' as never } }))).toThrow(
      /unknown decision\.action "YOLO"/,
    );
    expect(() => riskPolicyConfig({ limits: { max_leverage: 0 } })).toThrow(/limits\.max_leverage/);
    expect(() => riskPolicyConfig({ sizing: { kellyMultiplier: 2 } })).toThrow(/sizing\.kellyMultiplier/);
  });
});

describe('strategy stop/take overrides', () => {
  it('uses a tighter strategy stop and its own take profit', () => {
    const v = evaluateRisk(baseInput({ protection: { stopLossPct: 2, takeProfitPct: 4 } }));
    expect(v.stopLoss).toBeCloseTo(98, 9);
    expect(v.takeProfit).toBeCloseTo(104, 9);
  });
  it('caps a wider strategy stop at the stop_loss_pct limit', () => {
    const v = evaluateRisk(baseInput({ protection: { stopLossPct: 8 } }));
    expect(v.stopLoss).toBeCloseTo(95, 9);
    expect(v.reasons.join('\n')).toMatch(/strategy stop 8% capped at the 5% limit/);
  });
  it('rejects a nonsensical override', () => {
    expect(() => evaluateRisk(baseInput({ protection: { stopLossPct: 0 } }))).toThrow(/protection\.stopLossPct/);
  });
});
