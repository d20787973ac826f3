// The real workflows (workflows/index.ts, what the workers register), bundled once per jest run by
// the global setup; a file run outside it (an IDE runner) bundles for itself.
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', '..', 'workflows', 'index.ts');
export const BUNDLE_ENV = 'OPENTRADE_TEST_WORKFLOW_BUNDLE';

let own: Promise<WorkflowBundleOption> | undefined;

export function workflowBundle(): Promise<WorkflowBundleOption> {
  const codePath = process.env[BUNDLE_ENV];
  if (codePath) return Promise.resolve({ codePath });
  own ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
  return own;
}
