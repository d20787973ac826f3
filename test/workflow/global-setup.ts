// Once per jest run: find the time-skipping test server (failing at once, with the install command,
// when it is missing) and bundle the real workflows, so each test file starts only its own server
// (a quarter of a second) instead of also bundling (seconds).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { findTestServer } from './test-server-path';
import { BUNDLE_ENV, WORKFLOWS_PATH } from './workflow-bundle';

export default async function globalSetup(): Promise<void> {
  process.env.TEMPORAL_TEST_SERVER_PATH = findTestServer();
  const noop = () => {};
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: {
      trace: noop,
      debug: noop,
      info: noop,
      warn: noop,
      error: (m: string) => process.stderr.write(`${m}\n`),
      log: noop,
    },
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'opentrade-workflow-tests-'));
  const file = path.join(dir, 'workflows.js');
  writeFileSync(file, code);
  process.env[BUNDLE_ENV] = file;
}
