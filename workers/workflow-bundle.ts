// How the workflow bundles are built. With the reusable V8 context (the SDK default) every workflow
// run evaluates its own copy of every module its bundle's entry imports, so a trading cycle used to
// build the backtest and evolution zod schemas too: the trading queue gets a bundle of its own.
// Not done: sharing modules through the SDK's `preloadModules`. It deep-freezes what shared modules
// export, and zod writes to its exports after load (schema methods materialize on the instance on
// first use; `config()` extends a module-level object), so shared zod fails at run time.
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';

/** Every workflow type (the backtest and evolution queues, replay tests). */
export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows', 'index.ts');
/** The trading queue's: sessions, their cycles and the system check. */
export const TRADING_WORKFLOWS_PATH = path.resolve(__dirname, 'trading-workflows.ts');

const noop = () => {};
const quietBundlerLogger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: (m: string) => process.stderr.write(`${m}\n`),
  error: (m: string) => process.stderr.write(`${m}\n`),
  log: noop,
};

/** A bundle of the workflows exported by `workflowsPath` (default: all of them). */
export function bundleWorkflows(workflowsPath: string = WORKFLOWS_PATH): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
}
