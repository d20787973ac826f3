import { askLlm, llmNextSteps, type Ask, type Question } from '../../../cli/commands/init-llm';
import { LOCAL_MODEL_ALIAS } from '../../../core/llm/provider-presets';

/** Answers by question key; every question asked is recorded, unanswered ones take their fallback. */
function scripted(answers: Record<string, string>) {
  const asked: Question[] = [];
  const ask: Ask = async (questions) => {
    asked.push(...questions);
    return Object.fromEntries(questions.map((q) => [q.key, answers[q.key] ?? q.fallback]));
  };
  return { ask, asked };
}

describe("init's language model questions", () => {
  it('offers local as the provider that needs no key and no internet', async () => {
    const { ask, asked } = scripted({ llm: 'yes', provider: 'openai' });
    await askLlm(ask);
    const provider = asked.find((q) => q.key === 'provider')!;
    expect(provider.question).toMatch(/\blocal\b.*no key and no internet.*opentrade setup --llm/);
  });

  it('local: no base URL and no key asked, models default to the alias the local server answers to', async () => {
    const { ask, asked } = scripted({ llm: 'y', provider: 'local' });
    const section = await askLlm(ask);
    // The server's address comes from llm.local.port; a base URL here could only contradict it.
    expect(asked.map((q) => q.key)).not.toContain('baseUrl');
    expect(asked.map((q) => q.key)).not.toContain('apiKeyEnv');
    expect(section).toEqual({
      provider: 'local',
      models: { quick: LOCAL_MODEL_ALIAS, deep: LOCAL_MODEL_ALIAS },
      agents: {
        market: 'hybrid',
        strategy: 'hybrid',
        onchain: 'hybrid',
        sentiment: 'hybrid',
        macro: 'hybrid',
        coordinator: 'hybrid',
        risk: 'hybrid',
      },
    });
  });

  it('other providers still get the base URL question', async () => {
    const { ask, asked } = scripted({ llm: 'y', provider: 'vllm', baseUrl: 'http://10.0.0.5:8000/v1' });
    const section = await askLlm(ask);
    expect(asked.map((q) => q.key)).toContain('baseUrl');
    expect(section.baseUrl).toBe('http://10.0.0.5:8000/v1');
  });

  it('after init with local, says to install the model only while it is missing, and that up starts it', async () => {
    const { ask } = scripted({ llm: 'y', provider: 'local' });
    const section = await askLlm(ask);
    const missing = llmNextSteps(section, () => false);
    expect(missing).toEqual([
      'put the default local model in place with: opentrade setup --llm',
      expect.stringMatching(/`opentrade up` starts the local model server/),
    ]);
    const present = llmNextSteps(section, () => true);
    expect(present).toHaveLength(1);
    expect(present[0]).toMatch(/`opentrade up` starts/);
  });

  it('a hosted provider is still told where its key goes; deterministic agents get no hints', async () => {
    const { ask } = scripted({ llm: 'y', provider: 'openrouter' });
    const section = await askLlm(ask);
    expect(llmNextSteps(section)).toEqual([
      'put the openrouter API key in the environment or .env as OPENROUTER_API_KEY',
      'check the model endpoint with: opentrade doctor',
    ]);
    const { ask: no } = scripted({ llm: 'no' });
    expect(llmNextSteps(await askLlm(no))).toEqual([]);
  });
});
