// From a model's outcome to what the system acts on: an analyst signal or a role's answer. Whatever
// the model or the provider did wrong, the result is an abstention that says why — never a trade, never
// a default opinion with confidence.
import { CoordinatorAnswerSchema, RiskReviewAnswerSchema } from '../../../core/llm/answer-schemas';
import type { LlmCallOutcome } from '../../../core/llm/llm-call';
import type { LlmTrace } from '../../../core/llm/llm-trace';
import { pricesOutsideBand, readAnalystAnswer, type AnswerContext } from '../../../core/llm/read-analyst-answer';
import { readAnswer } from '../../../core/llm/read-answer';

const trace: LlmTrace = {
  callId: 'call-1',
  model: 'quick-m',
  promptTokens: 900,
  completionTokens: 120,
  costUsd: 0.0002,
  latencyMs: 800,
  cached: false,
};
const ctx: AnswerContext = { price: 100, priceBandPct: 25, trace };

const ok = (value: unknown): LlmCallOutcome => ({
  ok: true,
  value,
  raw: JSON.stringify(value),
  usage: { promptTokens: 900, completionTokens: 120 },
  finishReason: 'stop',
  latencyMs: 800,
});
const GOOD = { direction: 0.4, confidence: 0.7, reasoning: 'EMA 20 above EMA 50; RSI 14 at 61', keyLevels: [95, 110] };

describe('readAnalystAnswer', () => {
  it("turns a valid answer into the analyst's signal, with the call's trace", () => {
    const s = readAnalystAnswer('market', ok(GOOD), ctx, { mode: 'llm' });
    expect(s).toEqual({
      agent: 'market',
      direction: 0.4,
      confidence: 0.7,
      reasoning: GOOD.reasoning,
      data: { mode: 'llm', llm: trace, keyLevels: [95, 110] },
    });
  });

  it("abstains with the outcome's reason when the model gave no answer", () => {
    const refused: LlmCallOutcome = {
      ok: false,
      reason: 'the model refused: I cannot help with trading',
      raw: null,
      usage: { promptTokens: 900, completionTokens: 8 },
      finishReason: 'stop',
      latencyMs: 300,
    };
    const s = readAnalystAnswer('macro', refused, ctx, { mode: 'hybrid' });
    expect(s).toMatchObject({ agent: 'macro', direction: 0, confidence: 0 });
    expect(s.reasoning).toBe('abstains: model answer rejected: the model refused: I cannot help with trading');
    // The trace is kept on an abstention too: the call was made and cost money.
    expect(s.data).toMatchObject({ llm: trace, mode: 'hybrid', abstained: true });
  });

  it.each([
    ['direction above 1', { ...GOOD, direction: 2 }, /direction/],
    ['confidence below 0', { ...GOOD, confidence: -1 }, /confidence/],
    ['no reasoning', { direction: 0.4, confidence: 0.7, keyLevels: [] }, /reasoning/],
    ['empty reasoning', { ...GOOD, reasoning: '' }, /reasoning/],
    ['an extra field', { ...GOOD, action: 'BUY' }, /action/],
    ['a direction as a word', { ...GOOD, direction: 'bullish' }, /direction/],
    ['keyLevels as one number instead of a list', { ...GOOD, keyLevels: 100 }, /keyLevels/],
    ['a level as text', { ...GOOD, keyLevels: ['100'] }, /keyLevels\.0/],
    ['not an object at all', [GOOD], /\(root\)/],
  ])('abstains on %s, naming the field', (_what, value, field) => {
    const s = readAnalystAnswer('market', ok(value), ctx);
    expect(s.confidence).toBe(0); // a rejected answer carries no weight, whatever it claimed
    expect(s.direction).toBe(0);
    expect(s.reasoning).toMatch(/^abstains: model answer rejected: /);
    expect(s.reasoning).toMatch(field);
  });

  it('abstains when a cited level is outside the band around the last close, naming the price', () => {
    // ±25% of 100 is 75..125: 130 is a hallucinated level, 75 and 125 are just inside.
    const s = readAnalystAnswer('market', ok({ ...GOOD, keyLevels: [75, 130, 125] }), ctx);
    expect(s.confidence).toBe(0);
    expect(s.reasoning).toBe('abstains: model cited price 130 outside ±25% of the last close 100');
    expect(readAnalystAnswer('market', ok({ ...GOOD, keyLevels: [75, 125] }), ctx).confidence).toBe(0.7);
    const tight = readAnalystAnswer('market', ok(GOOD), { ...ctx, priceBandPct: 5 }); // 95 in, 110 out of 95..105
    expect(tight.reasoning).toMatch(/cited price 110 outside ±5%/);
  });

  it('never hands on a non-zero confidence from a rejected answer', () => {
    const bad: unknown[] = [
      { ...GOOD, confidence: 1.5 },
      { ...GOOD, direction: -3 },
      { ...GOOD, keyLevels: [1_000_000] },
      { ...GOOD, keyLevels: [Number.NaN] },
      { ...GOOD, extra: true },
      null,
      'BUY',
    ];
    for (const value of bad) expect(readAnalystAnswer('sentiment', ok(value), ctx).confidence).toBe(0);
  });
});

describe('pricesOutsideBand', () => {
  it('keeps the band edges and rejects what is not a finite price', () => {
    expect(pricesOutsideBand([90, 110, 89.99, 110.01, Number.NaN], 100, 10)).toEqual([89.99, 110.01, Number.NaN]);
  });
});

describe('readAnswer', () => {
  it('hands back the parsed answer of a valid outcome', () => {
    const value = { action: 'SELL', confidence: 0.6, reasoning: 'momentum turned' };
    expect(readAnswer(CoordinatorAnswerSchema, ok(value))).toEqual({ ok: true, answer: value });
  });

  it("passes on the outcome's own reason", () => {
    const truncated: LlmCallOutcome = {
      ok: false,
      reason: 'the answer was cut off (finish reason length)',
      raw: '{"action":"BU',
      usage: { promptTokens: 1, completionTokens: 1024 },
      finishReason: 'length',
      latencyMs: 5,
    };
    expect(readAnswer(CoordinatorAnswerSchema, truncated)).toEqual({ ok: false, reason: truncated.reason });
  });

  it('rejects an invented action and an out-of-range factor, naming the field', () => {
    const invented = readAnswer(CoordinatorAnswerSchema, ok({ action: 'STRONG_BUY', confidence: 0.9, reasoning: 'x' }));
    expect(invented.ok).toBe(false);
    expect(!invented.ok && invented.reason).toMatch(/^action: /);
    const enlarge = readAnswer(RiskReviewAnswerSchema, ok({ verdict: 'shrink', sizeFactor: 2, reasoning: 'more' }));
    expect(!enlarge.ok && enlarge.reason).toMatch(/^sizeFactor: /); // a review may never ask for more than approved
  });
});
