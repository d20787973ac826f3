import { createSystemActivities, type SystemDeps } from './system';

export type ActivityDeps = SystemDeps;

/** Every activity, built from its dependencies: the worker wires real ones, tests wire test ones. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSystemActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
