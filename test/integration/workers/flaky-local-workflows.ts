// One workflow whose local activity fails its first attempt, with the cycle's analyst preset: the
// shape of every local activity retry in a trading cycle.
import { proxyLocalActivities } from '@temporalio/workflow';
import { cycleAgent } from '../../../workflows/activity-options';

const { flaky } = proxyLocalActivities<{ flaky(): Promise<string> }>(cycleAgent);

export async function retriesOnce(): Promise<string> {
  return flaky();
}
