import { createSystemActivities } from './system';
import type { ActivityDeps } from './deps';
import { createAccountActivities } from './account';
import { createAgentActivities } from './agents';
import { createExecutionActivities } from './execution';
import { createNotifyActivities } from './notify';
import { createPersistenceActivities } from './persistence';
import { createSnapshotActivities } from './snapshot';
import { SnapshotCache } from './snapshot-cache';
import { createSessionActivities } from './session';
import { createBacktestActivities } from './backtest';
import { createEvolutionActivities } from './evolution';

export type { ActivityDeps } from './deps';

/** Every activity, built from its dependencies: the worker wires real ones, tests wire test ones. */
export function createActivities(deps: ActivityDeps) {
  // Shared by the snapshot and the analysts: they run on the same worker within one workflow task.
  const snapshots = new SnapshotCache();
  return {
    ...createSystemActivities(deps),
    ...createSnapshotActivities(deps, snapshots),
    ...createAgentActivities(deps, snapshots),
    ...createExecutionActivities(deps),
    ...createPersistenceActivities(deps),
    ...createNotifyActivities(deps),
    ...createAccountActivities(deps),
    ...createSessionActivities(deps),
    ...createBacktestActivities(deps),
    ...createEvolutionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
