import { createRepositories } from '../infra/adapters/db';
import { createSystemActivities } from './system';
import type { ActivityDeps } from './deps';
import { createAccountActivities } from './account';
import { createDeterministicAgents } from '../core/agents';
import { createAgentActivities } from './agents';
import { createLlmActivities } from './llm-agents';
import { createExecutionActivities } from './execution';
import { createTrailingStopActivities } from './trailing-stop';
import { createNotifyActivities } from './notify';
import { createPersistenceActivities } from './persistence';
import { createSnapshotActivities } from './snapshot';
import { createIntelViewCache } from '../infra/adapters/intel/intel-view-cache';
import { SnapshotCache } from './snapshot-cache';
import { createSessionActivities } from './session';
import { createBacktestActivities } from './backtest';
import { createEvolutionActivities } from './evolution';
import { createIntelActivities } from './intel';
import { createNotificationDeliveryActivities } from './notification-delivery';

export type { ActivityDeps } from './deps';

/**
 * Every activity, built from its dependencies: the worker wires real ones, tests wire test ones. The
 * database repositories are built once here from the deps' client and SQL runner.
 */
export function createActivities(deps: ActivityDeps) {
  const repos = createRepositories(deps);
  // Shared by the snapshot and the analysts: they run on the same worker within one workflow task.
  const snapshots = new SnapshotCache();
  // One line-up of rule-based analysts: the local agents read by them, the model agents beside them.
  const agents = createDeterministicAgents();
  return {
    ...createSystemActivities({ database: repos.database, redis: deps.redis }),
    ...createSnapshotActivities(deps, repos, snapshots, createIntelViewCache(repos.intel, deps.redis)),
    ...createAgentActivities({ ...deps, agents }, snapshots),
    ...createLlmActivities(deps, repos, agents, snapshots),
    ...createExecutionActivities(deps, repos),
    ...createTrailingStopActivities(deps, repos, snapshots),
    ...createPersistenceActivities(deps, repos),
    ...createNotifyActivities(deps),
    ...createAccountActivities(deps, repos),
    ...createSessionActivities(deps, repos),
    ...createBacktestActivities(deps, repos),
    ...createEvolutionActivities(deps, repos),
    ...createIntelActivities(deps, repos),
    ...createNotificationDeliveryActivities(deps, repos),
  };
}

export type Activities = ReturnType<typeof createActivities>;
