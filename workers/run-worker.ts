import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Logger } from '../infra/stack/logging/logger';
import { createActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUES, type TaskQueueName } from '../workflows/definitions';
import { bundleWorkflows, TRADING_WORKFLOWS_PATH, WORKFLOWS_PATH } from './workflow-bundle';
import { activityLineLog, createWorkerLogger, sdkLogFloor, sdkLogger } from './worker-logger';

export { WORKFLOWS_PATH };

export interface RunWorkerOptions {
  temporalAddress: string;
  namespace: string;
  queues: TaskQueueName[];
  deps: ActivityDeps;
  log?: (line: string) => void;
  /** Its own, the activities' and the SDK's lines (default: OPENTRADE_LOG_LEVEL / _FORMAT on stdout). */
  logger?: Logger;
}

/** One Worker per task queue on one connection; resolves when all have shut down (SIGINT/SIGTERM). */
export async function runWorker(o: RunWorkerOptions): Promise<void> {
  const logger = o.logger ?? createWorkerLogger();
  const log = o.log ?? ((l) => logger.info(l));
  installRuntimeLogger(logger);
  const connection = await NativeConnection.connect({ address: o.temporalAddress });
  try {
    const activities = createActivities({ ...o.deps, log: o.deps.log ?? activityLineLog(logger) });
    // The trading queue gets a bundle of its own workflows (each cycle evaluates what its bundle
    // imports); the other queues share one bundle of everything: webpack per queue costs start-up time.
    const bundles = new Map<string, ReturnType<typeof bundleWorkflows>>();
    const bundleOf = (q: TaskQueueName) => {
      const entry = q === 'trading' ? TRADING_WORKFLOWS_PATH : WORKFLOWS_PATH;
      let b = bundles.get(entry);
      if (!b) bundles.set(entry, (b = bundleWorkflows(entry)));
      return b;
    };
    const workers = [];
    for (const q of o.queues) {
      workers.push(
        await Worker.create({
          connection,
          namespace: o.namespace,
          taskQueue: TASK_QUEUES[q],
          workflowBundle: await bundleOf(q),
          activities,
        }),
      );
    }
    log(
      `worker polling ${o.queues.map((q) => TASK_QUEUES[q]).join(', ')} on ${o.temporalAddress} (namespace ${o.namespace})`,
    );
    await Promise.all(workers.map((w) => w.run()));
  } finally {
    await connection.close();
  }
}

/** The SDK's entries through our logger: one line each, at our level. */
function installRuntimeLogger(logger: Logger): void {
  try {
    Runtime.install({ logger: sdkLogger(logger, sdkLogFloor()) });
  } catch {
    // Runtime already installed (e.g. a test installed its own): keep it.
  }
}
