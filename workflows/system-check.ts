import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { quickIo } from './activity-options';

const { systemProbe } = proxyActivities<Pick<Activities, 'systemProbe'>>(quickIo);

/** Runs one activity on the queue it was started on: proves a worker polls it and reaches Postgres and Redis. */
export async function systemCheck(): Promise<Awaited<ReturnType<Activities['systemProbe']>>> {
  return systemProbe();
}
