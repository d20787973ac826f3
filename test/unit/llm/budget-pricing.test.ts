// Whether a model call may still be made (budgets per session and per UTC day, in tokens and money)
// and what one costs (the config's table over the defaults, 0 on a local endpoint, null unpriced).
import { LlmBudgetSchema, type LlmBudget } from '../../../core/config/llm-config-schema';
import { describeExhausted, exhaustedBudget, type SpentSoFar } from '../../../core/llm/budget';
import { costUsd, DEFAULT_MODEL_PRICES, priceOf } from '../../../core/llm/pricing';

const budget = (b: Partial<LlmBudget>): LlmBudget => LlmBudgetSchema.parse(b);
const spent = (session: SpentSoFar['session'], day: SpentSoFar['day'] = { tokens: 0, usd: 0 }): SpentSoFar => ({
  session,
  day,
});

describe('exhaustedBudget', () => {
  it('is null when no budget is set, whatever was spent', () => {
    expect(exhaustedBudget(budget({}), spent({ tokens: 1e9, usd: 1e6 }, { tokens: 1e9, usd: 1e6 }))).toBeNull();
  });

  it.each([
    ['session', 'tokens', { sessionTokens: 10_000 }, spent({ tokens: 10_000, usd: 0 })],
    ['session', 'usd', { sessionUsd: 0.5 }, spent({ tokens: 0, usd: 0.5 })],
    ['day', 'tokens', { dayTokens: 50_000 }, spent(null, { tokens: 50_001, usd: 0 })],
    ['day', 'usd', { dayUsd: 2 }, spent(null, { tokens: 0, usd: 2.1 })],
  ] as const)('names the %s %s limit once it is reached', (scope, unit, b, s) => {
    const limit = Object.values(b)[0];
    const used = scope === 'session' ? s.session![unit] : s.day[unit];
    expect(exhaustedBudget(budget(b), s)).toEqual({ scope, unit, limit, spent: used });
  });

  it('lets a call through just below each limit', () => {
    const all = budget({ sessionTokens: 100, sessionUsd: 1, dayTokens: 1000, dayUsd: 10 });
    expect(exhaustedBudget(all, spent({ tokens: 99, usd: 0.99 }, { tokens: 999, usd: 9.99 }))).toBeNull();
  });

  it('names the first limit reached in order session tokens, session usd, day tokens, day usd', () => {
    const all = budget({ sessionTokens: 100, sessionUsd: 1, dayTokens: 1000, dayUsd: 10 });
    const over = { tokens: 5000, usd: 50 };
    expect(exhaustedBudget(all, spent(over, over))).toMatchObject({ scope: 'session', unit: 'tokens' });
    expect(exhaustedBudget(all, spent({ tokens: 0, usd: 1 }, over))).toMatchObject({ scope: 'session', unit: 'usd' });
    expect(exhaustedBudget(all, spent({ tokens: 0, usd: 0 }, over))).toMatchObject({ scope: 'day', unit: 'tokens' });
    expect(exhaustedBudget(all, spent(null, { tokens: 0, usd: 10 }))).toMatchObject({ scope: 'day', unit: 'usd' });
  });

  it('ignores a session limit when the spend is not per session (a backtest)', () => {
    expect(exhaustedBudget(budget({ sessionTokens: 1 }), spent(null, { tokens: 1e6, usd: 0 }))).toBeNull();
  });

  it('describes what was spent of what', () => {
    expect(describeExhausted({ scope: 'day', unit: 'usd', limit: 2, spent: 2.5 })).toBe(
      'LLM day budget spent: $2.5000 of $2.0000',
    );
    expect(describeExhausted({ scope: 'session', unit: 'tokens', limit: 100, spent: 120 })).toBe(
      'LLM session budget spent: 120 tokens of 100 tokens',
    );
  });
});

describe('priceOf', () => {
  const hosted = { local: false, table: {} };

  it('is free on a local endpoint, whatever the model is called', () => {
    expect(priceOf('gpt-4o', { local: true, table: { 'gpt-4o': { inputPerMTok: 9, outputPerMTok: 9 } } })).toEqual({
      inputPerMTok: 0,
      outputPerMTok: 0,
    });
  });

  it("takes the config's price over the default", () => {
    const mine = { inputPerMTok: 1, outputPerMTok: 2 };
    expect(priceOf('gpt-4o', { local: false, table: { 'gpt-4o': mine } })).toEqual(mine);
    expect(priceOf('gpt-4o', hosted)).toEqual(DEFAULT_MODEL_PRICES['gpt-4o']);
    expect(priceOf('gpt-4o', hosted)).not.toEqual(mine);
  });

  it('reads a vendor/model name as the bare model, and an exact entry first', () => {
    expect(priceOf('openai/gpt-4o-mini', hosted)).toEqual(DEFAULT_MODEL_PRICES['gpt-4o-mini']);
    const exact = { inputPerMTok: 7, outputPerMTok: 7 };
    const bare = { inputPerMTok: 3, outputPerMTok: 3 };
    expect(priceOf('acme/m1', { local: false, table: { 'acme/m1': exact, m1: bare } })).toEqual(exact);
    expect(priceOf('other/m1', { local: false, table: { 'acme/m1': exact, m1: bare } })).toEqual(bare);
  });

  it('is null for a model priced nowhere, so a money budget is not fooled into thinking it free', () => {
    expect(priceOf('my-finetune', hosted)).toBeNull();
    expect(priceOf('vendor/my-finetune', hosted)).toBeNull();
  });
});

describe('costUsd', () => {
  it('prices prompt and completion tokens per million', () => {
    // gpt-4o: 2.5 $/M in, 10 $/M out. 12,000 in = 0.03 $; 3,000 out = 0.03 $.
    expect(costUsd({ promptTokens: 12_000, completionTokens: 3_000 }, DEFAULT_MODEL_PRICES['gpt-4o'])).toBeCloseTo(
      0.06,
      10,
    );
    // One token in at 0.15 $/M is 1.5e-7 $: above the 1e-8 rounding step, so it is kept.
    expect(costUsd({ promptTokens: 1, completionTokens: 0 }, { inputPerMTok: 0.15, outputPerMTok: 0 })).toBe(1.5e-7);
    expect(costUsd({ promptTokens: 0, completionTokens: 0 }, DEFAULT_MODEL_PRICES['gpt-4o'])).toBe(0);
  });

  it('rounds to a hundred-millionth of a dollar, so sums stay clean', () => {
    // 1 token at 0.001 $/M is 1e-9 $: below the rounding step, it rounds to 0.
    expect(costUsd({ promptTokens: 1, completionTokens: 0 }, { inputPerMTok: 0.001, outputPerMTok: 0 })).toBe(0);
    // 0.1 + 0.2 in float is 0.30000000000000004; 100k tokens each at 1 and 2 $/M is exactly 0.3 after rounding.
    expect(costUsd({ promptTokens: 100_000, completionTokens: 100_000 }, { inputPerMTok: 1, outputPerMTok: 2 })).toBe(
      0.3,
    );
  });

  it('costs 0 when the model is unpriced', () => {
    expect(costUsd({ promptTokens: 1e6, completionTokens: 1e6 }, null)).toBe(0);
  });
});
