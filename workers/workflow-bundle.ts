// How the workflow bundles are built. With the reusable V8 context (the SDK default) every workflow
// run evaluates its own copy of every module its bundle's entry imports, so a trading cycle used to
// build the backtest and evolution zod schemas too: the trading queue gets a bundle of its own.
// Not done: sharing modules through the SDK's `preloadModules`. It deep-freezes what shared modules
// export, and zod writes to its exports after load (schema methods materialize on the instance on
// first use; `config()` extends a module-level object), so shared zod fails at run time.
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';

type WebpackConfigHook = NonNullable<Parameters<typeof bundleWorkflowCode>[0]['webpackConfigHook']>;

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

const root = path.resolve(__dirname, '..');
/**
 * The SDK compiles .ts unless its path has node_modules in it; an installed opentrade lives under
 * node_modules itself, so only node_modules below (or outside) this package are left out.
 */
function notOurs(file: string): boolean {
  const rel = path.relative(root, file);
  return /(^|[\\/])node_modules([\\/]|$)/.test(rel.startsWith('..') || path.isAbsolute(rel) ? file : rel);
}
const compileOurTypeScript: WebpackConfigHook = (config) => {
  const rules = (config.module?.rules ?? []).filter(
    (rule) => rule && typeof rule === 'object' && String(rule.test) === String(/\.ts$/),
  );
  // Loud rather than a worker that cannot load its workflows only once installed.
  if (rules.length === 0)
    throw new Error('the workflow bundler has no .ts rule to widen: check the Temporal SDK upgrade');
  for (const rule of rules) if (rule && typeof rule === 'object') rule.exclude = notOurs;
  return config;
};

/** A bundle of the workflows exported by `workflowsPath` (default: all of them). */
export function bundleWorkflows(workflowsPath: string = WORKFLOWS_PATH): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger, webpackConfigHook: compileOurTypeScript });
}
