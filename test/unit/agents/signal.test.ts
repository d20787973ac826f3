import { abstain, AGENT_NAMES, isAbstention } from '../../../core/agents/signal';
import { parseAgentSignal } from '../../../core/agents/signal-schema';
import { createDeterministicAgents } from '../../../core/agents/create-agents';

describe('AgentSignal contract', () => {
  it('abstain() gives confidence 0 and carries the reason', () => {
    const s = abstain('onchain', 'no open interest');
    expect(s).toMatchObject({
      agent: 'onchain',
      direction: 0,
      confidence: 0,
      data: { abstained: true, reason: 'no open interest' },
    });
    expect(s.reasoning).toMatch(/no open interest/);
    expect(isAbstention(s)).toBe(true);
  });

  it('parses a valid LLM answer as is', () => {
    const raw = { agent: 'market', direction: -0.4, confidence: 0.6, reasoning: 'lower highs', data: { rsi: 41 } };
    const s = parseAgentSignal('market', raw);
    expect(s).toEqual(raw);
    expect(isAbstention(s)).toBe(false);
  });

  it('turns a malformed answer into an abstention naming the problem, never a trade', () => {
    const outOfRange = parseAgentSignal('market', {
      agent: 'market',
      direction: 2,
      confidence: 0.9,
      reasoning: 'to the moon',
      data: {},
    });
    expect(outOfRange.confidence).toBe(0);
    expect(outOfRange.reasoning).toMatch(/direction/);
    expect(parseAgentSignal('market', 'BUY NOW').reasoning).toMatch(/invalid answer/);
    const other = parseAgentSignal('macro', {
      agent: 'market',
      direction: 0.5,
      confidence: 0.5,
      reasoning: 'x',
      data: {},
    });
    expect(other.confidence).toBe(0);
    expect(other.reasoning).toMatch(/for agent "market", expected "macro"/);
  });

  it('creates one deterministic agent per name', () => {
    const agents = createDeterministicAgents();
    for (const name of AGENT_NAMES) {
      expect(agents[name].name).toBe(name);
      expect(agents[name].mode).toBe('deterministic');
    }
  });
});
