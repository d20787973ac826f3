import fc from 'fast-check';
import { abstain, AGENT_NAMES, type AgentName, type AgentSignal } from '../../../core/agents/signal';
import { coordinate } from '../../../core/coordinator/coordinate';
import { DEFAULT_COORDINATOR_CONFIG } from '../../../core/coordinator/coordinator-config';
import { coordinatorConfig } from '../../../core/coordinator/coordinator-config-schema';

const sig = (agent: AgentName, direction: number, confidence: number): AgentSignal => ({
  agent,
  direction,
  confidence,
  reasoning: `${agent} test`,
  data: {},
});

describe('coordinate', () => {
  it('documents its default weights and thresholds', () => {
    expect(DEFAULT_COORDINATOR_CONFIG).toEqual({
      weights: { market: 0.3, strategy: 0.3, macro: 0.2, onchain: 0.1, sentiment: 0.1 },
      buyThreshold: 0.25,
      sellThreshold: 0.25,
      review: { vetoScore: 0.25, resizeFactor: 0.5 },
      minConfidence: 0.3,
      maxDisagreement: 0.5,
    });
  });

  it('BUYs on agreeing bullish votes; abstainers carry no weight (hand-computed)', () => {
    const d = coordinate([
      sig('market', 0.8, 0.9),
      sig('strategy', 1, 0.7),
      abstain('onchain', 'x'),
      abstain('sentiment', 'y'),
      sig('macro', 0, 0),
    ]);
    // Σwc = .3*.9 + .3*.7 = .48 ; Σwcd = .27*.8 + .21*1 = .426 ; score = .8875 ; confidence = .48/.6 = .8
    expect(d.action).toBe('BUY');
    expect(d.score).toBeCloseTo(0.8875, 4);
    expect(d.confidence).toBeCloseTo(0.8, 4);
    expect(d.disagreement).toBe(0);
    expect(d.reasons[0]).toMatch(/^BUY: score 0\.888 >= 0\.25/);
    expect(d.reasons.join('\n')).toMatch(/no weight: onchain, sentiment, macro/);
    expect(d.signals).toHaveLength(5);
  });

  it('SELLs on the mirrored bearish votes', () => {
    const d = coordinate([sig('market', -0.8, 0.9), sig('strategy', -1, 0.7)]);
    expect(d.action).toBe('SELL');
    expect(d.score).toBeCloseTo(-0.8875, 4);
  });

  it('a confident macro caution vote pulls a marginal BUY under the threshold', () => {
    const base = [sig('market', 0.3, 0.6), sig('strategy', 0.3, 0.6)];
    expect(coordinate(base).action).toBe('BUY'); // score .3
    const d = coordinate([...base, sig('macro', 0, 0.9)]);
    // Σwcd = .108 ; Σwc = .36 + .18 = .54 → .2
    expect(d.score).toBeCloseTo(0.2, 4);
    expect(d.action).toBe('HOLD');
    expect(d.reasons[0]).toMatch(/inside \(-0\.25, 0\.25\)/);
  });

  it('HOLDs on strong disagreement even when one side is louder, and obeys maxDisagreement', () => {
    const split = coordinate([sig('market', 0.8, 0.8), sig('strategy', -0.8, 0.8)]);
    expect(split.action).toBe('HOLD');
    expect(split.disagreement).toBe(1);
    expect(split.reasons[0]).toMatch(/agents disagree/);

    const lopsided = [sig('market', 0.9, 0.9), sig('strategy', -0.5, 0.6)];
    // bull .243, bear .09 → disagreement .3704 ; score (.243 - .09) / .45 = .34
    const d = coordinate(lopsided);
    expect(d.disagreement).toBeCloseTo(0.3704, 4);
    expect(d.action).toBe('BUY');
    expect(coordinate(lopsided, coordinatorConfig({ maxDisagreement: 0.3 })).action).toBe('HOLD');
  });

  it('HOLDs on low aggregate confidence', () => {
    const d = coordinate([sig('market', 0.9, 0.2), abstain('strategy', 'none')]);
    expect(d.score).toBeCloseTo(0.9, 4);
    expect(d.action).toBe('HOLD');
    expect(d.reasons[0]).toMatch(/confidence 0\.200 below 0\.3/);
  });

  it('HOLDs with score 0 when every agent abstains (or there are no signals)', () => {
    const d = coordinate(AGENT_NAMES.map((n) => abstain(n, 'no data')));
    expect(d).toMatchObject({ action: 'HOLD', score: 0, confidence: 0 });
    expect(d.reasons[0]).toBe('HOLD: every agent abstained');
    expect(coordinate([]).action).toBe('HOLD');
  });

  it('honours configured weights', () => {
    const votes = [sig('market', 0.6, 0.8), sig('onchain', -0.6, 0.8)];
    // default: bull .144, bear .048 → score .096/.32 = .3 → BUY
    expect(coordinate(votes).action).toBe('BUY');
    expect(coordinate(votes).score).toBeCloseTo(0.3, 4);
    // onchain as heavy as market: even split → HOLD
    expect(coordinate(votes, coordinatorConfig({ weights: { onchain: 0.3 } })).action).toBe('HOLD');
    // onchain muted: market alone → score .6
    const muted = coordinate(votes, coordinatorConfig({ weights: { onchain: 0 } }));
    expect(muted.score).toBeCloseTo(0.6, 4);
    expect(muted.reasons.join('\n')).toMatch(/no weight: onchain/);
  });

  it('rejects malformed input and config, naming what was wrong', () => {
    expect(() => coordinate([sig('market', 1.5, 0.5)])).toThrow(/market\.direction must be within -1\.\.1, got 1\.5/);
    expect(() => coordinate([sig('market', 0.5, -0.1)])).toThrow(/market\.confidence/);
    expect(() => coordinate([sig('market', 0.5, 0.5), sig('market', 0.5, 0.5)])).toThrow(
      /two signals from agent "market"/,
    );
    expect(() => coordinate([sig('risk' as AgentName, 0.5, 0.5)])).toThrow(/unknown agent "risk"/);
    expect(() => coordinatorConfig({ weights: { market: -1 } })).toThrow(/weights\.market/);
    expect(() => coordinatorConfig({ buyThreshold: 0 })).toThrow(/buyThreshold/);
  });

  it('property: score and confidence stay in range, actions respect thresholds, order does not matter', () => {
    const arbSignals = fc.uniqueArray(
      fc.record({
        agent: fc.constantFrom(...AGENT_NAMES),
        direction: fc.double({ min: -1, max: 1, noNaN: true }),
        confidence: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
      }),
      { selector: (s) => s.agent, maxLength: 5 },
    );
    fc.assert(
      fc.property(arbSignals, (raw) => {
        const signals = raw.map((s) => sig(s.agent, s.direction, s.confidence));
        const d = coordinate(signals);
        expect(d.score).toBeGreaterThanOrEqual(-1);
        expect(d.score).toBeLessThanOrEqual(1);
        expect(d.confidence).toBeGreaterThanOrEqual(0);
        expect(d.confidence).toBeLessThanOrEqual(1);
        if (d.action === 'BUY') expect(d.score).toBeGreaterThanOrEqual(0.25 - 1e-4);
        if (d.action === 'SELL') expect(d.score).toBeLessThanOrEqual(-0.25 + 1e-4);
        if (d.action !== 'HOLD') {
          expect(d.confidence).toBeGreaterThanOrEqual(0.3 - 1e-4);
          expect(d.disagreement).toBeLessThanOrEqual(0.5 + 1e-4);
        }
        if (signals.every((s) => s.confidence === 0)) expect(d.action).toBe('HOLD');
        const reversed = coordinate([...signals].reverse());
        expect(reversed.score).toBeCloseTo(d.score, 3);
        // summation order can move a value sitting exactly on a threshold by one ulp
        const near = (x: number, t: number) => Math.abs(Math.abs(x) - t) < 1e-3;
        if (!near(d.score, 0.25) && !near(d.confidence, 0.3) && !near(d.disagreement, 0.5))
          expect(reversed.action).toBe(d.action);
      }),
      { numRuns: 500 },
    );
  });
});
