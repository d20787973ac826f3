import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUES, type TaskQueueName } from '../workflows/definitions';

export interface RunWorkerOptions {
  temporalAddress: string;
  namespace: string;
  queues: TaskQueueName[];
  deps: ActivityDeps;
  log?: (line: string) => void;
}

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows', 'index.ts');

/** One Worker per task queue on one connection; resolves when all have shut down (SIGINT/SIGTERM). */
export async function runWorker(o: RunWorkerOptions): Promise<void> {
  const log = o.log ?? ((l) => process.stdout.write(`${l}\n`));
  const connection = await NativeConnection.connect({ address: o.temporalAddress });
  try {
    const activities = createActivities(o.deps);
    // Bundle once and share it: webpack per queue would triple start-up time.
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
    const workers = await Promise.all(
      o.queues.map((q) =>
        Worker.create({
          connection,
          namespace: o.namespace,
          taskQueue: TASK_QUEUES[q],
          workflowBundle,
          activities,
        }),
      ),
    );
    log(`worker polling ${o.queues.map((q) => TASK_QUEUES[q]).join(', ')} on ${o.temporalAddress} (namespace ${o.namespace})`);
    await Promise.all(workers.map((w) => w.run()));
  } finally {
    await connection.close();
  }
}

const noop = () => {};
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: (m: string) => process.stderr.write(`${m}\n`), error: (m: string) => process.stderr.write(`${m}\n`), log: noop };
