import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUES, type TaskQueueName } from '../workflows/definitions';
import { bundleWorkflows, TRADING_WORKFLOWS_PATH, WORKFLOWS_PATH } from './workflow-bundle';

export { WORKFLOWS_PATH };

export interface RunWorkerOptions {
  temporalAddress: string;
  namespace: string;
  queues: TaskQueueName[];
  deps: ActivityDeps;
  log?: (line: string) => void;
}

/** One Worker per task queue on one connection; resolves when all have shut down (SIGINT/SIGTERM). */
export async function runWorker(o: RunWorkerOptions): Promise<void> {
  const log = o.log ?? ((l) => process.stdout.write(`${l}\n`));
  installRuntimeLogger((process.env.OPENTRADE_WORKER_LOG_LEVEL as LogLevel | undefined) ?? 'WARN');
  const connection = await NativeConnection.connect({ address: o.temporalAddress });
  try {
    const activities = createActivities(o.deps);
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

/** One line per SDK log entry (the default logger prints multi-line objects), at the chosen level. */
function installRuntimeLogger(level: LogLevel): void {
  try {
    Runtime.install({
      logger: new DefaultLogger(level, ({ level: l, message, meta }) => {
        const { sdkComponent, taskQueue, ...rest } = (meta ?? {}) as Record<string, unknown>;
        const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
        process.stderr.write(
          `[temporal ${l.toLowerCase()}] ${message}${taskQueue ? ` (${taskQueue})` : ''}${sdkComponent ? ` [${sdkComponent}]` : ''}${extra}\n`,
        );
      }),
    });
  } catch {
    // Runtime already installed (e.g. a test installed its own): keep it.
  }
}
