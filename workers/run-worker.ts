import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
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
  installRuntimeLogger((process.env.OPENTRADE_WORKER_LOG_LEVEL as LogLevel | undefined) ?? 'WARN');
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

/** One line per SDK log entry (the default logger prints multi-line objects), at the chosen level. */
function installRuntimeLogger(level: LogLevel): void {
  try {
    Runtime.install({
      logger: new DefaultLogger(level, ({ level: l, message, meta }) => {
        const { sdkComponent, taskQueue, ...rest } = (meta ?? {}) as Record<string, unknown>;
        const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
        process.stderr.write(`[temporal ${l.toLowerCase()}] ${message}${taskQueue ? ` (${taskQueue})` : ''}${sdkComponent ? ` [${sdkComponent}]` : ''}${extra}\n`);
      }),
    });
  } catch {
    // Runtime already installed (e.g. a test installed its own): keep it.
  }
}
