// A session's model setup from the config and the command line: which agents think with a model,
// which model each one asks, and the errors a mistyped flag gives (field and wording the CLI shows).
import { LlmConfigSchema, type LlmConfig } from '../../../core/config/llm-config-schema';
import { RefusedError, ValidationError } from '../../../core/errors';
import { agentModesWith, sessionLlmSettings } from '../../../core/llm/session-llm';
import { ALL_DETERMINISTIC, AGENT_ROLES, type AgentModes } from '../../../core/llm/roles';

const config = (over: Record<string, unknown> = {}): LlmConfig =>
  LlmConfigSchema.parse({ models: { quick: 'quick-m', deep: 'deep-m' }, ...over });

function thrown(f: () => unknown): ValidationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

describe('agentModesWith', () => {
  it('sets every one of the seven roles from a single mode', () => {
    const modes = agentModesWith(ALL_DETERMINISTIC, 'llm');
    expect(Object.keys(modes).sort()).toEqual([...AGENT_ROLES].sort()); // no role is added or lost
    expect(Object.values(modes)).toEqual(Array(7).fill('llm'));
    expect(agentModesWith(ALL_DETERMINISTIC, ' hybrid ').risk).toBe('hybrid'); // spaces around a flag are tolerated
  });

  it('overrides only the roles a role=mode list names, the rest keep the base', () => {
    const base: AgentModes = { ...ALL_DETERMINISTIC, macro: 'hybrid' };
    const modes = agentModesWith(base, 'market=llm, coordinator=hybrid');
    expect(modes).toEqual({ ...base, market: 'llm', coordinator: 'hybrid' });
    expect(modes.macro).toBe('hybrid'); // the config's mode for a role left out stays
    expect(base.market).toBe('deterministic'); // the base object is not mutated
  });

  it('takes an object (the gateway body) like a list', () => {
    expect(agentModesWith(ALL_DETERMINISTIC, { risk: 'llm' })).toEqual({ ...ALL_DETERMINISTIC, risk: 'llm' });
    expect(agentModesWith(ALL_DETERMINISTIC, undefined)).toEqual(ALL_DETERMINISTIC);
  });

  it('refuses an unknown agent, naming it', () => {
    const e = thrown(() => agentModesWith(ALL_DETERMINISTIC, 'market=llm,trader=llm'));
    expect(e.message).toMatch(/unknown agent "trader"/);
    expect(e.field).toBe('agents');
    expect(e.hint).toMatch(/coordinator/); // the hint lists the agents there are
    expect(thrown(() => agentModesWith(ALL_DETERMINISTIC, { bull: 'llm' })).message).toMatch(/"bull"/); // debate voices have no mode
  });

  it('refuses a mode that is not one, naming the mode and its role', () => {
    const e = thrown(() => agentModesWith(ALL_DETERMINISTIC, 'market=smart'));
    expect(e.message).toMatch(/mode "smart" for market/);
    expect(e.message).toMatch(/deterministic, llm, hybrid/);
    expect(e.field).toBe('agents');
    expect(thrown(() => agentModesWith(ALL_DETERMINISTIC, 'clever')).message).toMatch(/"clever" is not role=mode/);
  });

  it.each(['market', 'market=llm=hybrid', '=llm', 'market=llm,,risk=llm'])(
    'refuses the malformed part in %j',
    (spec) => {
      const e = thrown(() => agentModesWith(ALL_DETERMINISTIC, spec));
      expect(e.message).toMatch(/is not role=mode/);
      expect(e.field).toBe('agents');
    },
  );
});

describe('sessionLlmSettings', () => {
  it('is undefined when every agent stays on its rules: no model is called', () => {
    expect(sessionLlmSettings(config())).toBeUndefined();
    expect(sessionLlmSettings(config({ agents: { market: 'llm' } }), { agents: 'deterministic' })).toBeUndefined();
  });

  it('resolves each role to its tier: quick for analysts, deep for coordinator and risk', () => {
    const s = sessionLlmSettings(config(), { agents: 'llm' })!;
    expect(s.models).toEqual({
      market: 'quick-m',
      strategy: 'quick-m',
      onchain: 'quick-m',
      sentiment: 'quick-m',
      macro: 'quick-m',
      coordinator: 'deep-m',
      risk: 'deep-m',
    });
  });

  it('names a model only for the roles that use one, and a role model overrides its tier', () => {
    const s = sessionLlmSettings(config({ roleModels: { market: 'market-special', risk: 'risk-special' } }), {
      agents: 'market=hybrid,risk=llm',
    })!;
    expect(s.models).toEqual({ market: 'market-special', risk: 'risk-special' });
    expect(s.agents).toEqual({ ...ALL_DETERMINISTIC, market: 'hybrid', risk: 'llm' });
  });

  it('adds the bull and bear models only when the coordinator uses a model and there are debate rounds', () => {
    const llm = config({ roleModels: { bull: 'bull-m' } });
    const debating = sessionLlmSettings(llm, { agents: 'coordinator=llm', debateRounds: '2' })!;
    expect(debating.models).toEqual({ coordinator: 'deep-m', bull: 'bull-m', bear: 'quick-m' }); // bear: its tier, quick
    expect(debating.debateRounds).toBe(2);
    // No rounds: no debate, so no voices.
    expect(sessionLlmSettings(llm, { agents: 'coordinator=llm' })!.models).toEqual({ coordinator: 'deep-m' });
    // Rounds but a rule-based coordinator: nobody listens to a debate.
    expect(sessionLlmSettings(llm, { agents: 'market=llm', debateRounds: 3 })!.models).toEqual({ market: 'quick-m' });
  });

  it('takes the cache mode, rounds and call policy from the config unless overridden', () => {
    const llm = config({ agents: { market: 'llm' }, cache: 'readonly', debateRounds: 1, timeoutMs: 300_000 });
    const s = sessionLlmSettings(llm)!;
    expect(s).toMatchObject({ cache: 'readonly', debateRounds: 1, timeoutMs: 300_000, maxAttempts: llm.maxAttempts });
    expect(sessionLlmSettings(llm, { cache: 'off', debateRounds: 0 })).toMatchObject({ cache: 'off', debateRounds: 0 });
  });

  it('refuses a bad --llm-cache, naming the value and the modes', () => {
    const e = thrown(() => sessionLlmSettings(config(), { agents: 'llm', cache: 'write' }));
    expect(e.message).toMatch(/--llm-cache must be readwrite, readonly, off, got "write"/);
    expect(e.field).toBe('llmCache');
  });

  it.each(['-1', '6', '1.5', 'two'])('refuses --debate-rounds %j', (raw) => {
    const e = thrown(() => sessionLlmSettings(config(), { agents: 'llm', debateRounds: raw }));
    expect(e.message).toContain(`got "${raw}"`);
    expect(e.field).toBe('debateRounds');
  });

  it('checks the flags even when no agent uses a model, so a typo is never silently ignored', () => {
    expect(() => sessionLlmSettings(config(), { cache: 'nope' })).toThrow(ValidationError);
    expect(() => sessionLlmSettings(config(), { agents: 'market=nope' })).toThrow(ValidationError);
  });
});

describe('a money budget and unpriced models', () => {
  const hosted = (over: Record<string, unknown>) =>
    config({ provider: 'openrouter', models: { quick: 'acme/unknown-7b', deep: 'gpt-4o' }, ...over });

  it('refuses to start when a hosted model has no price: its spend would count as $0', () => {
    let err: unknown;
    try {
      sessionLlmSettings(hosted({ budget: { dayUsd: 5 } }), { agents: 'llm' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).message).toContain('acme/unknown-7b');
    // gpt-4o is in the built-in table: only the unpriced one is named.
    expect((err as RefusedError).message).not.toContain('gpt-4o,');
  });

  it('starts once the model is priced in the config, or without a money budget, or on a local endpoint', () => {
    const priced = { 'acme/unknown-7b': { inputPerMTok: 0.1, outputPerMTok: 0.2 } };
    expect(sessionLlmSettings(hosted({ budget: { dayUsd: 5 }, pricing: priced }), { agents: 'llm' })).toBeDefined();
    expect(sessionLlmSettings(hosted({ budget: { dayTokens: 1000 } }), { agents: 'llm' })).toBeDefined();
    expect(
      sessionLlmSettings(config({ provider: 'ollama', models: { quick: 'x', deep: 'y' }, budget: { sessionUsd: 1 } }), {
        agents: 'llm',
      }),
    ).toBeDefined();
  });
});
