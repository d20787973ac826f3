// One activity per analyst call: loads the cycle's snapshot from Redis and runs the named agent. A
// failure here never fails the cycle: the workflow turns it into an abstention naming the reason.
import { ApplicationFailure } from '@temporalio/activity';
import { AGENT_NAMES, createDeterministicAgents, type Agent, type AgentName, type AgentSignal } from '../core/agents';
import type { ActivityDeps } from './deps';
import type { SnapshotCache } from './snapshot-cache';
import { readSnapshot } from './read-snapshot';

export interface AgentActivityDeps extends ActivityDeps {
  /** The analyst line-up; default: the deterministic agents. */
  agents?: Record<AgentName, Agent>;
}

export function createAgentActivities(deps: AgentActivityDeps, cache?: SnapshotCache) {
  const agents = deps.agents ?? createDeterministicAgents();
  return {
    async runAgent(name: AgentName, snapshotKey: string): Promise<AgentSignal> {
      if (!(AGENT_NAMES as readonly string[]).includes(name)) {
        throw ApplicationFailure.nonRetryable(
          `unknown agent "${name}"; agents: ${AGENT_NAMES.join(', ')}`,
          'UnknownAgent',
        );
      }
      const snapshot = await readSnapshot(deps.redis, cache, snapshotKey);
      try {
        return await agents[name].analyze(snapshot);
      } catch (e) {
        // Deterministic agents fail the same way on every attempt: do not retry.
        throw ApplicationFailure.nonRetryable(`${name} agent failed: ${(e as Error).message}`, 'AgentFailed');
      }
    },
  };
}
