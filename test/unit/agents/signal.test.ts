import { abstain, AGENT_NAMES, isAbstention } from '../../../core/agents/signal';
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

  it('creates one deterministic agent per name', () => {
    const agents = createDeterministicAgents();
    for (const name of AGENT_NAMES) {
      expect(agents[name].name).toBe(name);
      expect(agents[name].mode).toBe('deterministic');
    }
  });
});
