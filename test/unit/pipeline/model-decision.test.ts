// The coordinator model's part in a decision: in ensemble mode with the coordinator on `llm` it
// decides (and its abstention holds); otherwise it reviews the rules' decision — it can hold up an
// entry, never start a trade, never hold up an exit, and its abstention leaves the rules' decision.
import type { AgentSignal } from '../../../core/agents/signal';
import type { Decision } from '../../../core/coordinator/decision';
import type { CoordinatorAnswer } from '../../../core/llm/answer-schemas';
import type { ModelRead } from '../../../core/llm/read-answer';
import { closesPosition, coordinatorDecision } from '../../../core/pipeline/model-decision';

const signals: AgentSignal[] = [
  { agent: 'market', direction: 0.6, confidence: 0.8, reasoning: 'uptrend', data: {} },
  { agent: 'macro', direction: 0.2, confidence: 0.5, reasoning: 'calm', data: {} },
];

const decision = (action: Decision['action'], over: Partial<Decision> = {}): Decision => ({
  action,
  score: action === 'BUY' ? 0.45 : action === 'SELL' ? -0.45 : 0.05,
  confidence: 0.7,
  disagreement: 0.1,
  reasons: [`${action}: the ensemble's reason`, 'second rule reason'],
  signals,
  ...over,
});

const says = (action: CoordinatorAnswer['action'], confidence = 0.8): ModelRead<CoordinatorAnswer> => ({
  ok: true,
  answer: { action, confidence, reasoning: `the model's case for ${action}` },
});
const abstained: ModelRead<CoordinatorAnswer> = { ok: false, reason: 'the answer was cut off (finish reason length)' };
const long = { side: 'long' as const, quantity: 0.5 };
const short = { side: 'short' as const, quantity: 0.5 };

describe('coordinatorDecision, ensemble mode with the coordinator on llm: the model decides', () => {
  it.each([
    ['BUY', 'HOLD', 0.8],
    ['SELL', 'BUY', -0.8],
    ['HOLD', 'BUY', 0],
  ] as const)('takes the model %s over the rules %s, score = sign × confidence', (action, rules, score) => {
    const d = coordinatorDecision(decision(rules), says(action), 'llm', 'ensemble', null);
    expect(d).toMatchObject({ action, confidence: 0.8, score });
    expect(d.reasons[0]).toBe(`${action}: the coordinator model decides at confidence 0.8`);
    expect(d.reasons[1]).toBe(`the model's case for ${action}`);
    expect(d.reasons[2]).toBe(`rules' ensemble: ${rules}: the ensemble's reason`); // the rules' view stays on record
    expect(d.signals).toBe(signals);
  });

  it('holds when the model abstains, never falling back to a default action', () => {
    const d = coordinatorDecision(decision('BUY', { sizeFactor: 0.5 }), abstained, 'llm', 'ensemble', null);
    expect(d).toMatchObject({ action: 'HOLD', score: 0, confidence: 0 });
    expect(d.reasons).toEqual([
      'HOLD: the coordinator model abstained (the answer was cut off (finish reason length))',
    ]);
    expect(d.sizeFactor).toBeUndefined(); // a hold carries no sizing
  });
});

describe.each([
  ['ensemble', 'hybrid'],
  ['strategy', 'llm'],
  ['strategy', 'hybrid'],
] as const)('coordinatorDecision, %s mode with the coordinator on %s: the model reviews', (decide, mode) => {
  it('keeps an entry it confirms, with its reasoning after the rules’ first reason', () => {
    const base = decision('BUY', { mode: 'strategy', sizeFactor: 0.5 });
    const d = coordinatorDecision(base, says('BUY', 0.9), mode, decide, null);
    expect(d).toMatchObject({ action: 'BUY', score: 0.45, confidence: 0.7, sizeFactor: 0.5 }); // the rules' numbers
    expect(d.reasons).toEqual([
      "BUY: the ensemble's reason",
      'coordinator model: BUY at confidence 0.9 (confirms)',
      "the model's case for BUY",
      'second rule reason',
    ]);
  });

  it('cannot start a trade when the rules hold', () => {
    for (const action of ['BUY', 'SELL'] as const) {
      const d = coordinatorDecision(decision('HOLD'), says(action, 1), mode, decide, null);
      expect(d.action).toBe('HOLD');
      expect(d.reasons[1]).toBe(`coordinator model: ${action} at confidence 1 (cannot start a trade)`);
    }
  });

  it('holds up an entry it disagrees with', () => {
    const base = decision('BUY', { sizeFactor: 0.5, reversalTo: 'long' });
    for (const action of ['SELL', 'HOLD'] as const) {
      const d = coordinatorDecision(base, says(action, 0.6), mode, decide, null);
      expect(d).toMatchObject({ action: 'HOLD', score: 0, confidence: 0 });
      expect(d.reasons[0]).toBe(
        `HOLD: the coordinator model holds up the BUY entry (it says ${action} at confidence 0.6)`,
      );
      expect(d.reasons.slice(2)).toEqual(base.reasons); // what the rules wanted stays on record
      expect(d.sizeFactor).toBeUndefined();
      expect(d.reversalTo).toBeUndefined(); // a held-up entry leaves no pending reversal behind
    }
    // A short entry is held up the same way.
    expect(coordinatorDecision(decision('SELL'), says('BUY'), mode, decide, null).action).toBe('HOLD');
  });

  it('never holds up an exit: risk may always be cut', () => {
    const exitLong = coordinatorDecision(decision('SELL'), says('BUY', 1), mode, decide, long);
    expect(exitLong.action).toBe('SELL');
    expect(exitLong.reasons[1]).toBe('coordinator model: BUY at confidence 1 (an exit is not held up)');
    const exitShort = coordinatorDecision(decision('BUY'), says('HOLD', 1), mode, decide, short);
    expect(exitShort.action).toBe('BUY');
    // The same SELL with a short open is an entry (adding to the short): that one is held up.
    expect(coordinatorDecision(decision('SELL'), says('BUY'), mode, decide, short).action).toBe('HOLD');
  });

  it("leaves the rules' decision as it was when the model abstains", () => {
    const base = decision('BUY', { sizeFactor: 0.5 });
    const d = coordinatorDecision(base, abstained, mode, decide, null);
    expect(d).toEqual({
      ...base,
      reasons: [
        ...base.reasons,
        "coordinator model abstained (the answer was cut off (finish reason length)); the rules' decision stands",
      ],
    });
  });
});

describe('closesPosition', () => {
  it('is an exit only against an open position of the other side', () => {
    expect(closesPosition('SELL', long)).toBe(true);
    expect(closesPosition('BUY', short)).toBe(true);
    expect(closesPosition('BUY', long)).toBe(false);
    expect(closesPosition('SELL', short)).toBe(false);
    expect(closesPosition('SELL', null)).toBe(false);
    expect(closesPosition('SELL', { side: 'long', quantity: 0 })).toBe(false); // a closed position is nothing to exit
    expect(closesPosition('HOLD', long)).toBe(false);
  });
});
