// The risk agent's review of an entry the hard rules approved: keep, shrink or veto — never enlarge.
// A shrink goes back through the real risk step (cycleVerdict), so the hard limits stay the last word.
import type { AgentSignal } from '../../../core/agents/signal';
import type { Decision } from '../../../core/coordinator/decision';
import type { RiskReviewAnswer } from '../../../core/llm/answer-schemas';
import type { ModelRead } from '../../../core/llm/read-answer';
import { cycleVerdict, type CycleRiskContext, type CycleView } from '../../../core/pipeline/cycle-verdict';
import { isReviewableEntry, reviewedVerdict } from '../../../core/pipeline/risk-review';
import { DEFAULT_RISK_LIMITS } from '../../../core/risk/default-risk-limits';
import type { RiskVerdict } from '../../../core/risk/risk-types';

const review = (verdict: RiskReviewAnswer['verdict'], sizeFactor: number): ModelRead<RiskReviewAnswer> => ({
  ok: true,
  answer: { verdict, sizeFactor, reasoning: `the reviewer says ${verdict}` },
});

// A spot BTC entry at 60,000 with equity 10,000: the 10% position cap allows 1,000 notional.
const view: CycleView = {
  time: Date.UTC(2026, 11, 3, 12),
  price: 60_000,
  atr: 600,
  marketType: 'spot',
  account: { equity: 10_000, cash: 10_000 },
  openPositions: [],
  strategyStats: { winRate: 0.6, payoffRatio: 2, tradeCount: 50 },
  venue: { amountStep: 0.00001, minAmount: 0.00001, minNotional: 5 },
};
const ctx: CycleRiskContext = {
  symbol: 'BTC/USDT',
  riskLimits: DEFAULT_RISK_LIMITS,
  dayStartEquity: 10_000,
  realizedPnlToday: 0,
  exitsOnly: false,
};
const signals: AgentSignal[] = [{ agent: 'market', direction: 0.6, confidence: 0.8, reasoning: 'uptrend', data: {} }];
const buy: Decision = {
  action: 'BUY',
  score: 0.5,
  confidence: 0.8,
  disagreement: 0,
  reasons: ['BUY: the ensemble agrees'],
  signals,
};

/** The cycle's risk step again with the decision's size factor times `factor`, as the workflow does. */
const resizeWith = (d: Decision, v: CycleView, c: CycleRiskContext) => (factor: number) =>
  cycleVerdict({ ...d, sizeFactor: (d.sizeFactor ?? 1) * factor }, signals, v, c);

const approved = cycleVerdict(buy, signals, view, ctx);

describe('the baseline', () => {
  it('is an entry the hard rules approve at the position cap', () => {
    expect(isReviewableEntry(approved)).toBe(true);
    expect(approved.side).toBe('buy');
    expect(approved.notional).toBeGreaterThan(0);
    expect(approved.notional).toBeLessThanOrEqual(1_000 + 1e-9); // 10% of 10,000
  });
});

describe('reviewedVerdict', () => {
  it('keeps the verdict on approve, adding the reason', () => {
    const resize = jest.fn(resizeWith(buy, view, ctx));
    const v = reviewedVerdict(approved, review('approve', 1), resize);
    expect(v).toEqual({
      ...approved,
      reasons: [...approved.reasons, 'risk review approves: the reviewer says approve'],
    });
    expect(resize).not.toHaveBeenCalled(); // nothing to size again
  });

  it('vetoes: no side, no quantity, the reviewer first among the reasons', () => {
    const v = reviewedVerdict(approved, review('veto', 0), () => {
      throw new Error('a veto must not size again');
    });
    expect(v).toMatchObject({
      verdict: 'veto',
      side: null,
      quantity: 0,
      notional: 0,
      stopLoss: null,
      takeProfit: null,
    });
    expect(v.reasons[0]).toBe('risk review vetoes: the reviewer says veto');
    // A veto stays a veto whatever sizeFactor the model put beside it.
    expect(reviewedVerdict(approved, review('veto', 1), () => approved).verdict).toBe('veto');
  });

  it('reads the edges of a factor without enlarging: shrink × 1 keeps, shrink × 0 vetoes, approve × 0.5 shrinks', () => {
    const resize = jest.fn(resizeWith(buy, view, ctx));
    expect(reviewedVerdict(approved, review('shrink', 1), resize).quantity).toBe(approved.quantity);
    expect(resize).not.toHaveBeenCalled();
    expect(reviewedVerdict(approved, review('shrink', 0), resize)).toMatchObject({ verdict: 'veto', quantity: 0 });
    // An approve with a share below 1 is ambiguous: the smaller order is the one taken.
    expect(reviewedVerdict(approved, review('approve', 0.5), resize).quantity).toBeCloseTo(approved.quantity / 2, 10);
    expect(resize).toHaveBeenCalledWith(0.5);
  });

  it('shrinks through resize(factor) and returns what it gave', () => {
    const stub: RiskVerdict = { ...approved, verdict: 'resize', quantity: 0.001, notional: 60, reasons: ['resized'] };
    const resize = jest.fn(() => stub);
    const v = reviewedVerdict(approved, review('shrink', 0.5), resize);
    expect(resize).toHaveBeenCalledTimes(1);
    expect(resize).toHaveBeenCalledWith(0.5);
    expect(v).toEqual({ ...stub, reasons: ['resized', 'risk review shrinks × 0.5: the reviewer says shrink'] });
  });

  it('shrinks to at most the share kept of what the hard rules approved, through the real risk step', () => {
    const v = reviewedVerdict(approved, review('shrink', 0.5), resizeWith(buy, view, ctx));
    expect(v.side).toBe('buy');
    expect(v.quantity).toBeGreaterThan(0);
    expect(v.quantity).toBeLessThanOrEqual(approved.quantity * 0.5 + 1e-12);
    expect(v.quantity).toBeLessThan(approved.quantity);
    // 1,000 / 60,000 = 0.016666… truncated to the 0.00001 step is 0.01666; half of it, 0.00833, is on the step.
    expect(approved.quantity).toBeCloseTo(0.01666, 10);
    expect(v.quantity).toBeCloseTo(0.00833, 10);
    // Stops are the rules': the same price, the same stop distance.
    expect(v.stopLoss).toBe(approved.stopLoss);
  });

  it('can never enlarge the order, whatever the factor', () => {
    for (const factor of [0.01, 0.25, 0.5, 0.9, 0.999]) {
      const v = reviewedVerdict(approved, review('shrink', factor), resizeWith(buy, view, ctx));
      expect(v.quantity).toBeLessThanOrEqual(approved.quantity);
      expect(v.notional).toBeLessThanOrEqual(approved.notional);
    }
    // An analysts' resize already in the decision multiplies with the reviewer's: 0.5 × 0.5 keeps a quarter.
    const halved: Decision = { ...buy, sizeFactor: 0.5 };
    const half = cycleVerdict(halved, signals, view, ctx);
    const quarter = reviewedVerdict(half, review('shrink', 0.5), resizeWith(halved, view, ctx));
    expect(quarter.quantity).toBeLessThanOrEqual(approved.quantity * 0.25 + 1e-12);
  });

  it('keeps the hard limits on a shrink: a lock or a venue minimum still vetoes', () => {
    // The resized step runs every rule again: with a protection lock in force it vetoes.
    const locked: CycleView = {
      ...view,
      locks: [
        {
          id: `CooldownPeriod:BTC/USDT:${view.time - 60_000}`,
          protection: 'CooldownPeriod',
          scope: 'pair',
          symbol: 'BTC/USDT',
          from: view.time - 60_000,
          until: view.time + 3_600_000,
          reason: 'cooldown after a stop',
        },
      ],
    };
    const v = reviewedVerdict(approved, review('shrink', 0.5), resizeWith(buy, locked, ctx));
    expect(v.verdict).toBe('veto');
    expect(v.quantity).toBe(0);
    // A shrink below the venue's minimum notional (1% of ~1,000 = ~10 < 50) is vetoed by the rules, not sent.
    const picky: CycleView = { ...view, venue: { ...view.venue!, minNotional: 50 } };
    const tiny = reviewedVerdict(approved, review('shrink', 0.01), resizeWith(buy, picky, ctx));
    expect(tiny).toMatchObject({ verdict: 'veto', quantity: 0, side: null });
  });

  it("keeps the rules' verdict when the review abstains, saying so", () => {
    const v = reviewedVerdict(approved, { ok: false, reason: 'sizeFactor: Too big' }, () => {
      throw new Error('an abstention must not size again');
    });
    expect(v).toEqual({
      ...approved,
      reasons: [...approved.reasons, "risk review abstained (sizeFactor: Too big); the rules' verdict stands"],
    });
  });
});

describe('isReviewableEntry', () => {
  it('is only an approved entry: not a veto, not an exit', () => {
    expect(isReviewableEntry({ ...approved, verdict: 'veto', side: null })).toBe(false);
    expect(isReviewableEntry({ ...approved, reduceOnly: true, side: 'sell', intent: 'close_long' })).toBe(false);
  });
});
